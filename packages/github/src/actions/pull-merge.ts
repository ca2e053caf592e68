// github.pull.merge: merge a pull request (pulls.merge). Inverse: a revert pull request (GraphQL
// `revertPullRequest`), merged when it merges cleanly; when others changed the same files since, the
// revert is opened and left for a person to resolve.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { BackspaceError, guardedUndo, nullWhenGone, restoreFields, type CompensationReport, type Snapshot } from '@backspace/core/adapter-kit';
import { isStatus } from '../errors.js';
import type { GithubClient } from '../client.js';
import { findReverts } from '../read.js';
import { listPullFiles } from '../pull-files.js';
import { openRevert } from '../revert-fallback.js';
import { branchName, branchRef, issueRef, mergeRef, positiveId, repoInput } from '../resources.js';

const input = z.strictObject({
  ...repoInput,
  pull_number: z.number().int().positive().describe('The pull request number as shown after # in GitHub (e.g. 7 for #7).'),
  commit_title: z.string().optional().describe('Title of the merge or squash commit. Leave out for GitHub\'s default.'),
  commit_message: z.string().optional().describe('Extra detail for the merge or squash commit message. Leave out for GitHub\'s default.'),
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional()
    .describe('The 40-character sha the pull request\'s head must still be at; the merge is refused if it moved. Leave out to merge whatever is there.'),
  merge_method: z
    .enum(['merge', 'squash', 'rebase'])
    .optional()
    .describe('"merge" (a merge commit, the default), "squash" (one commit) or "rebase" (the commits replayed onto the base).'),
});

/**
 * What the inverse names: the pull request, whether to merge the revert, and (older journals lack them)
 * its global id and base.
 */
const revertInput = z.object({ ...repoInput, pull_number: positiveId, merge: z.boolean(), node_id: z.string().min(1).optional(), base: branchName.optional() }).strict();

/** Whether planning saw a revert merged or open, when its read says so (undefined: it cannot vouch). */
function plannedReverts(pre: Snapshot | null | undefined): { reverted: boolean; revert_open: boolean } | undefined {
  if (!pre || typeof pre.reverted !== 'boolean' || typeof pre.revert_open !== 'boolean') return undefined;
  return { reverted: pre.reverted, revert_open: pre.revert_open };
}

export interface MergeResult {
  sha: string;
  merged: boolean;
  message: string;
}

export const pullMerge = defineGithubAction({
  name: 'github.pull.merge',
  reversibility: 'compensatable',
  description: 'Merge a pull request; undone by a revert pull request, merged when clean (the revert commit stays in history)',
  modelDescription:
    'Use this to merge an open GitHub pull request into its base branch, only once it is approved or you are asked to merge it. Give sha to merge only if nobody pushed since you looked. It can be undone if this session is rolled back by a revert pull request, merged when it applies cleanly; the merge and the revert stay in history, and anything deployed from the base branch meanwhile is not undone.',
  input,
  target: ({ owner, repo, pull_number }) => mergeRef(owner, repo, pull_number),
  // Whether it was merged already (a lookup finding it merged then found someone else's merge), and the
  // files it changes with their blob on the head: what the base holds of them once it is merged.
  snapshot: async ({ owner, repo, pull_number }, { client }) => {
    const pull = await nullWhenGone(() => client.rest.pulls.get({ owner, repo, pull_number }));
    if (!pull) return null;
    const { files } = await listPullFiles(client, owner, repo, pull_number);
    const changes = Object.fromEntries(files.map((file) => [file.filename, file.status === 'removed' ? null : file.sha]));
    return { merged: pull.data.merged, merged_by: pull.data.merged_by?.login ?? null, base: pull.data.base.ref, head: pull.data.head.ref, node_id: pull.data.node_id, changes };
  },
  execute: async (fields, { client }) => {
    const merged = (await client.rest.pulls.merge(fields)).data;
    return { sha: merged.sha, merged: merged.merged, message: merged.message };
  },
  // The natural precondition: the pull request is merged with this token (at the agent's head sha when
  // one was given); a merge by anyone else is theirs.
  lookup: async ({ owner, repo, pull_number, sha }, { client }) => {
    const pull = (await client.rest.pulls.get({ owner, repo, pull_number })).data;
    if (!pull.merged || !pull.merge_commit_sha || (sha && pull.head.sha !== sha)) return undefined;
    if (pull.merged_by?.login !== (await client.login())) return undefined;
    return { sha: pull.merge_commit_sha, merged: true, message: 'Pull Request successfully merged' };
  },
  // As `readMerge` reads it: the merge commit from the answer, each changed file at its head blob on the
  // base (a file that merged with others' changes to it reads otherwise, and the revert is left for review).
  post: (_input, result, pre) => {
    if (!pre || pre.merged === true) return pre;
    const changes = (pre.changes ?? {}) as Record<string, string | null>;
    return {
      merged: result.merged,
      base: pre.base ?? null,
      head: pre.head ?? null,
      merge_commit_sha: result.sha,
      reverted: false,
      revert_open: false,
      ...Object.fromEntries(Object.entries(changes).map(([path, sha]) => [`file:${path}`, sha])),
    };
  },
  // The pull request and its files (the pre-state), and the merge.
  minimumRequests: 3,
  compensation: (args) => {
    const { input: { owner, repo, pull_number }, pre, post } = args;
    if (pre?.merged === true) {
      return restoreFields(args, { operation: 'github.nothing', input: {}, fields: [], description: `nothing to undo: #${pull_number} in ${owner}/${repo} was merged before the agent's call` });
    }
    const files = Object.keys(post ?? {}).filter((field) => field.startsWith('file:'));
    const where = `#${pull_number} in ${owner}/${repo}`;
    const head = typeof post?.head === 'string' ? post.head : undefined;
    // The pull request's global id and base, so the inverse asks GitHub for neither again.
    const known = { ...(typeof pre?.node_id === 'string' ? { node_id: pre.node_id } : {}), ...(typeof post?.base === 'string' ? { base: post.base } : {}) };
    // The pre-state only tells whether it was merged already and what it changes (the post-state's
    // files): the undo compares nothing with it.
    const undo = { ...args, pre: null };
    return guardedUndo(undo, {
      operation: 'github.pull.revert',
      input: { owner, repo, pull_number, merge: true, ...known },
      // Someone else changing a file the merge changed makes the revert conflict.
      fields: files,
      expect: { fields: { reverted: true } },
      dependsOn: [issueRef(owner, repo, pull_number), ...(typeof post?.base === 'string' ? [branchRef(owner, repo, post.base)] : []), ...(head ? [branchRef(owner, repo, head)] : [])],
      // Staged before anything runs, so worded for what the revert leaves once made: where it cannot be
      // made (GitHub refuses it, or it would be partial), the step says so and no revert exists.
      residue: `a revert pull request and its revert commit for ${where}, once the revert is made, stay in the history`,
      description: `revert the merge of ${where} with a revert pull request and merge it`,
      gentler: guardedUndo(undo, {
        operation: 'github.pull.revert',
        input: { owner, repo, pull_number, merge: false, ...known },
        fields: [],
        expect: { fields: { revert_open: true } },
        residue: `a revert pull request for ${where}, once opened, is left open: others changed the same files since, so a person must resolve it`,
        description: `open a revert pull request for ${where} and leave it for review (others changed the same files)`,
      }),
    });
  },
  inverses: {
    'github.pull.revert': {
      input: revertInput,
      // The pull request's global id and base come with the input (older journals: asked here). Whether a
      // revert is merged or open already comes from planning's read (`context.pre`, taken under this
      // rollback's lock): a rollback resumed after a crash finds the revert it opened there, and asks for
      // its number only then. A retried attempt asks GitHub again, since the attempt before may have
      // opened one before it failed; so the inverse never opens a second revert.
      // Its answer is the revert's state as `readMerge` names it: merged (`reverted`), or left open.
      run: async ({ owner, repo, pull_number, merge, node_id, base }: z.infer<typeof revertInput>, context): Promise<CompensationReport> => {
        const { client } = context;
        const pull = () => client.rest.pulls.get({ owner, repo, pull_number }).then((answer) => answer.data);
        const known = node_id !== undefined && base !== undefined ? { node_id, base: { ref: base } } : await pull();
        // A retried attempt cannot trust the planned state, which predates the attempt that failed.
        const planned = (context.attempt ?? 1) > 1 ? undefined : plannedReverts(context.pre);
        if (planned?.reverted) return { observed: { reverted: true } };
        let revertNumber: number | undefined;
        if (!planned || planned.revert_open) {
          // Needed when planning saw a revert open (its number) or cannot vouch (a retry, no planned state).
          const earlier = await findReverts(client, owner, repo, pull_number, known.base.ref);
          if (earlier.some((revert) => revert.merged)) return { observed: { reverted: true } };
          revertNumber = earlier.find((revert) => revert.open)?.number;
        }
        // Needed: the write that opens the revert (GraphQL revertPullRequest; by hand where it is refused).
        if (revertNumber === undefined) {
          const opened = await openRevert(client, owner, repo, known.node_id, pull);
          if ('keptBecause' in opened) return { keptBecause: opened.keptBecause };
          revertNumber = opened.number;
        }
        if (!merge) return { observed: { reverted: false, revert_open: true } };
        try {
          // Needed: a second write, as GitHub opens a revert pull request but never merges it.
          await client.rest.pulls.merge({ owner, repo, pull_number: revertNumber, merge_method: 'merge' });
        } catch (error) {
          if (!isStatus(error, 405, 409)) throw error;
          throw new BackspaceError('compensation_failed', `partial: revert pull request #${revertNumber} for #${pull_number} is open but does not merge cleanly (later commits changed the same files); it is left open for a person to resolve`, {
            cause: error,
            details: { revertPullRequest: revertNumber, partial: true },
          });
        }
        return { observed: { reverted: true, revert_open: false } };
      },
    },
  },
});
