// github.pull.create: open a pull request (pulls.create). Inverse: close it (GitHub cannot delete one).
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { mergedByOther } from '../issue-snapshot.js';
import { pullSnapshot } from '../read.js';
import { branchRef, CLOCK_SKEW_MS, hasAnyMarker, hasMarker, issueRef, positiveId, repoInput, withMarker } from '../resources.js';

const input = z.strictObject({
  ...repoInput,
  title: z.string().min(1).max(256).describe('The pull request title: one short line, e.g. "Fix login with SSO".'),
  head: z.string().min(1).describe('The branch that holds the changes, by name (e.g. "fix-login"); from a fork, "user:branch".'),
  base: z.string().min(1).describe('The branch to merge the changes into, by name, usually the default branch, e.g. "main".'),
  body: z.string().max(65_000).optional().describe('The pull request description in GitHub Markdown. Leave out for none.'),
  draft: z.boolean().optional().describe('true to open it as a draft, not yet ready for review. Default false.'),
});

/** What the inverse names: one pull request, by its number; a forged or malformed input is refused before it runs. */
const closeInput = z.object({ ...repoInput, pull_number: positiveId }).strict();

/** The pull request as GitHub answered: what the agent needs and what the post-state is made of. */
export interface CreatedPull {
  number: number;
  id: number;
  node_id: string;
  html_url: string;
  head: { ref: string; sha: string };
  base: { ref: string };
  title: string;
  body: string | null;
  state: string;
  author: string | null;
  /** When it last changed, as GitHub answered: the post-state's version (a rollback reads its events only once it moved). */
  updated_at: string | null;
}

type RestPull = Omit<CreatedPull, 'author' | 'body' | 'updated_at'> & { body?: string | null; user: { login: string } | null; updated_at?: string | null };

const compact = (pull: RestPull): CreatedPull => ({
  number: pull.number,
  id: pull.id,
  node_id: pull.node_id,
  html_url: pull.html_url,
  head: { ref: pull.head.ref, sha: pull.head.sha },
  base: { ref: pull.base.ref },
  title: pull.title,
  body: pull.body ?? null,
  state: pull.state,
  author: pull.user?.login ?? null,
  updated_at: pull.updated_at ?? null,
});

/**
 * The branches of this repository the pull request uses, as a branch's own actions name them: its base,
 * and its head unless that is a fork's (`user:branch` of another owner), which no branch here holds.
 */
function branchesOf(owner: string, repo: string, head: string, pull: CreatedPull) {
  const colon = head.indexOf(':');
  const headHere = colon < 0 || head.slice(0, colon).toLowerCase() === owner.toLowerCase();
  return [...(headHere ? [branchRef(owner, repo, pull.head.ref)] : []), branchRef(owner, repo, pull.base.ref)];
}

export const pullCreate = defineGithubAction({
  name: 'github.pull.create',
  reversibility: 'compensatable',
  description: 'Open a pull request; undone by closing it (it stays listed as closed)',
  input,
  // The description is not needed once opened: the lookup finds the pull request by the key hidden in
  // it, the inverse closes it by number, and edits are compared on the post-state (from GitHub's answer,
  // before redaction). The title stays: it names the pull request in plans. A retried call with the same
  // key gets the answer back with its body redacted.
  sensitive: { input: ['body'], result: ['body'] },
  execute: async ({ body, ...fields }, { client, idempotencyKey }) => compact((await client.rest.pulls.create({ ...fields, body: withMarker(body, idempotencyKey) })).data),
  // No request: the moment before the attempt, so a lookup can tell a pull request opened by it from older ones.
  snapshot: async (_input, { clock }) => ({ attempted_at: clock.now() }),
  // The pull request carrying this attempt's key; failing that, the bot's own from this head into this
  // base, opened since the attempt, whose description holds no key at all (a person rewrote it, key and
  // all): the agent's, as it opened it. One with another key is another write's.
  lookup: async ({ owner, repo, head, base, title, body }, { client, idempotencyKey, pre }) => {
    const recent = await client.rest.pulls.list({ owner, repo, state: 'all', head: head.includes(':') ? head : `${owner}:${head}`, base, per_page: 50 });
    const found = recent.data.find((pull) => hasMarker(pull.body, idempotencyKey));
    if (found) return compact(found);
    const attemptedAt = pre?.['attempted_at'];
    if (typeof attemptedAt !== 'number') return undefined;
    const login = await client.login();
    const rewritten = recent.data.filter((pull) => pull.user?.login === login && !hasAnyMarker(pull.body) && Date.parse(pull.created_at) >= attemptedAt - CLOCK_SKEW_MS).at(-1);
    return rewritten ? compact({ ...rewritten, title, body: withMarker(body, idempotencyKey) }) : undefined;
  },
  // A pull request's conversation is an issue of the same number (its title, body, state and labels are
  // written through the issues API too): one resource, so an issue action on it is planned with this one.
  resource: ({ owner, repo }, pull) => issueRef(owner, repo, pull.number),
  // The write's answer is the new pull request, as a read would give it (`readPull`).
  post: (_input, pull) => ({ title: pull.title, body: pull.body, state: pull.state, merged: false, merged_by_other: null, head: pull.head.ref, base: pull.base.ref, author: pull.author, updated_at: pull.updated_at ?? null }),
  minimumRequests: 1,
  compensation: (args) => {
    const { input: { owner, repo, head }, result } = args;
    return guardedUndo(args, {
      operation: 'github.pull.close',
      input: { owner, repo, pull_number: result.number },
      // Closing hides nothing anyone wrote on it, so others' edits of its title or description never
      // block it; a person who closed and reopened it keeps it open (its events name who set the state).
      // Merged by someone else (`merged_by_other`, the merger's login), it is closed but not undone: the
      // agent's changes are on the base branch, and the step is a conflict naming who merged it.
      fields: ['state', 'merged_by_other'],
      expect: { fields: { state: 'closed', merged_by_other: null } },
      // Closed, it no longer uses its branches: the agent's branch it came from may then go.
      retires: true,
      // It sits on both its branches (among each one's `work`): a rollback that deletes one of them (one
      // that selects only the agent's creation of it, say) brings this along, closed first.
      dependsOn: branchesOf(owner, repo, head, result),
      residue: `pull request #${result.number} in ${owner}/${repo} stays, closed (GitHub cannot delete pull requests)`,
      description: `close pull request #${result.number} in ${owner}/${repo}`,
    });
  },
  inverses: {
    'github.pull.close': {
      input: closeInput,
      // One request: closing a closed pull request changes nothing, as GitHub answers it.
      run: async ({ owner, repo, pull_number }: z.infer<typeof closeInput>, { client }) => {
        const closed = await client.rest.pulls.update({ owner, repo, pull_number, state: 'closed' });
        return { observed: { ...pullSnapshot(closed.data), merged_by_other: mergedByOther(closed.data.merged ? (closed.data.merged_by?.login ?? 'ghost') : null, closed.data.user?.login ?? null) } };
      },
    },
  },
});
