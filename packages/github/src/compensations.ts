// The inverse operations compensations name. Each is safe to run again: an inverse already applied
// (a comment already deleted, a ref already gone, a revert already merged) counts as done.
import { BackspaceError, type CompensationOperation, type CompensationReport, type Snapshot } from '@backspace/core';
import type { GithubClient } from './client.js';
import { isStatus } from './errors.js';
import { issueSnapshot } from './issue-snapshot.js';
import { findReverts, pullSnapshot, readFile } from './read.js';
import { revertWithContents } from './revert-fallback.js';
import { githubCompensationInputs as inputs } from './compensation-inputs.js';

type Args = Record<string, any>;

/** The write's own answer shows the resource gone (deleted now, or by an earlier run: a 404). */
const GONE: CompensationReport = { observed: null };

const ignoring = async (statuses: number[], write: () => Promise<unknown>): Promise<void> => {
  try {
    await write();
  } catch (error) {
    if (!isStatus(error, ...statuses)) throw error;
  }
};

const REVERT_MUTATION = `mutation RevertPullRequest($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) {
    revertPullRequest { number url }
  }
}`;

export const REMOVE_LABELS_MUTATION = `mutation RemoveLabels($input: RemoveLabelsFromLabelableInput!) {
  removeLabelsFromLabelable(input: $input) { labelable { labels(first: 100) { totalCount nodes { name } } } }
}`;

type RemoveLabelsAnswer = { removeLabelsFromLabelable: { labelable: { labels: { totalCount: number; nodes: { name: string }[] } | null } | null } | null };

/**
 * The labels the mutation's answer says the issue holds now, as the issue's snapshot names them (`label:<name>`
 * true, or null when off), for the labels the inverse took off; nothing when the answer does not list them all.
 */
function labelsAnswered(answer: RemoveLabelsAnswer, names: string[]): CompensationReport | undefined {
  const labels = answer.removeLabelsFromLabelable?.labelable?.labels;
  if (!labels || labels.nodes.length !== labels.totalCount) return undefined;
  const on = new Set(labels.nodes.map((label) => label.name.toLowerCase()));
  return { observed: Object.fromEntries(names.map((name) => [`label:${name}`, on.has(name.toLowerCase()) ? true : null])) };
}

/** GitHub's GraphQL API refused the document (no such node, not served here): the REST way is taken instead. */
function graphqlRefused(error: unknown): boolean {
  return (error as { name?: string }).name === 'GraphqlResponseError' || isStatus(error, 404);
}

export function githubCompensations(): Record<string, CompensationOperation<GithubClient>> {
  return {
    // The inverse of an action that changed nothing (it found the object already as asked, made by someone else).
    'github.nothing': { input: inputs['github.nothing'], run: async () => undefined },
    'github.issue.close': {
      input: inputs['github.issue.close'],
      run: async ({ owner, repo, issue_number }: Args, { client }) => {
        const closed = await client.rest.issues.update({ owner, repo, issue_number, state: 'closed', state_reason: 'not_planned' });
        return { observed: issueSnapshot(closed.data) };
      },
    },
    'github.issue.restore': {
      input: inputs['github.issue.restore'],
      // Labels come one field each (`label:bug`: true to put back, null to take off), so a label
      // someone else added meanwhile stays; the other fields go back in one update.
      run: async ({ owner, repo, issue_number, values }: Args, { client }) => {
        const entries = Object.entries((values ?? {}) as Record<string, unknown>);
        const labels = entries.filter(([field]) => field.startsWith('label:')).map(([field, value]) => [field.slice('label:'.length), value] as const);
        const others = Object.fromEntries(entries.filter(([field]) => !field.startsWith('label:')));
        const updated = Object.keys(others).length > 0 ? await client.rest.issues.update({ owner, repo, issue_number, ...others }) : undefined;
        const back = labels.filter(([, value]) => value === true).map(([name]) => name);
        if (back.length > 0) await client.rest.issues.addLabels({ owner, repo, issue_number, labels: back });
        for (const [name] of labels.filter(([, value]) => value !== true)) {
          await ignoring([404], () => client.rest.issues.removeLabel({ owner, repo, issue_number, name }));
        }
        // Without label writes, the update's answer is the issue as it now is.
        return updated && labels.length === 0 ? { observed: issueSnapshot(updated.data) } : undefined;
      },
    },
    'github.comment.delete': {
      input: inputs['github.comment.delete'],
      run: async ({ owner, repo, comment_id }: Args, { client }) => (await ignoring([404], () => client.rest.issues.deleteComment({ owner, repo, comment_id })), GONE),
    },
    'github.comment.restore': {
      input: inputs['github.comment.restore'],
      run: async ({ owner, repo, comment_id, values }: Args, { client }) => {
        if (typeof values?.body !== 'string') return;
        const updated = (await client.rest.issues.updateComment({ owner, repo, comment_id, body: values.body })).data;
        return { observed: { body: updated.body ?? null, author: updated.user?.login ?? null } };
      },
    },
    'github.labels.remove': {
      input: inputs['github.labels.remove'],
      // One request: GraphQL `removeLabelsFromLabelable` takes the labels off by id, every other label
      // left on; without the ids (an older journal) or GraphQL, one REST DELETE per label.
      run: async ({ owner, repo, issue_number, labelable_id, label_ids, values }: Args, { client }) => {
        const names = Object.keys(values ?? {}).map((field) => field.slice('label:'.length));
        if (names.length === 0) return;
        const ids = names.map((name) => (label_ids as Record<string, string> | undefined)?.[name]);
        if (typeof labelable_id === 'string' && ids.every((id): id is string => typeof id === 'string')) {
          try {
            return labelsAnswered(await client.graphql<RemoveLabelsAnswer>(REMOVE_LABELS_MUTATION, { input: { labelableId: labelable_id, labelIds: ids } }), names);
          } catch (error) {
            if (!graphqlRefused(error)) throw error;
          }
        }
        for (const name of names) await ignoring([404], () => client.rest.issues.removeLabel({ owner, repo, issue_number, name }));
      },
    },
    'github.ref.delete': {
      input: inputs['github.ref.delete'],
      // GitHub answers 422 "Reference does not exist" for a ref already deleted.
      run: async ({ owner, repo, branch, from }: Args, { client, pre }): Promise<CompensationReport> => {
        const kept = typeof from === 'string' ? await othersCommits(client, owner, repo, branch, from, pre) : [];
        if (kept.length > 0) {
          return {
            residue: [`branch ${branch} in ${owner}/${repo} is kept: ${kept.join(', ')} committed on it since the agent created it (merged work the rollback reverted may live only there)`],
            expect: { fields: { sha: pre!['sha'] as string } },
          };
        }
        await ignoring([404, 422], () => client.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` }));
        return GONE;
      },
    },
    'github.file.delete': {
      input: inputs['github.file.delete'],
      // One request: the agent's sha is the precondition (GitHub answers 409 if someone changed the file
      // since); a 404 means it is gone already (a retry after a lost answer).
      run: async ({ owner, repo, path, branch, sha }: Args, { client }) => {
        await ignoring([404], () => client.rest.repos.deleteFile({ owner, repo, path, sha, message: `Backspace: remove ${path} (undo an agent's commit)`, ...(branch ? { branch } : {}) }));
        return GONE;
      },
    },
    'github.file.restore': {
      input: inputs['github.file.restore'],
      // One request: the earlier bytes written over the agent's sha. A 409 (the file is no longer at the
      // agent's sha) is done only when it already holds the earlier bytes (a retry after a lost answer).
      run: async ({ owner, repo, path, branch, sha, content, restoredSha }: Args, { client }) => {
        try {
          const written = await client.rest.repos.createOrUpdateFileContents({ owner, repo, path, content, sha, message: `Backspace: restore ${path} (undo an agent's commit)`, ...(branch ? { branch } : {}) });
          return { observed: { sha: written.data.content?.sha ?? null } };
        } catch (error) {
          const found = isStatus(error, 409) ? await readFile(client, owner, repo, branch ?? '', path) : undefined;
          if (found?.sha !== restoredSha) throw error;
          return { observed: found };
        }
      },
    },
    'github.pull.close': {
      input: inputs['github.pull.close'],
      // One request: closing a closed pull request changes nothing, as GitHub answers it.
      run: async ({ owner, repo, pull_number }: Args, { client }) => {
        const closed = await client.rest.pulls.update({ owner, repo, pull_number, state: 'closed' });
        return { observed: pullSnapshot(closed.data) };
      },
    },
    'github.pull.revert': {
      input: inputs['github.pull.revert'],
      // The pull request's global id and base come with the input (older journals: asked here); reverts
      // an earlier run opened or merged are found first, so a retried inverse never opens a second one.
      // Its answer is the revert's state as `readMerge` names it: merged (`reverted`), or left open.
      run: async ({ owner, repo, pull_number, merge, node_id, base }: Args, { client }): Promise<CompensationReport> => {
        const pull = () => client.rest.pulls.get({ owner, repo, pull_number }).then((answer) => answer.data);
        const known = typeof node_id === 'string' && typeof base === 'string' ? { node_id, base: { ref: base } } : await pull();
        const earlier = await findReverts(client, owner, repo, pull_number, known.base.ref);
        if (earlier.some((revert) => revert.merged)) return { observed: { reverted: true } };
        let revertNumber = earlier.find((revert) => revert.open)?.number;
        if (revertNumber === undefined) revertNumber = await openRevert(client, owner, repo, known.node_id, pull);
        if (!merge) return { observed: { reverted: false, revert_open: true } };
        try {
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
  };
}

/**
 * Who other than the token's account committed on the branch since the agent created it at `from`. Asked
 * only when the branch's tip (as planning read it) moved: a merge commit takes a branch's commits into the
 * default branch, so they no longer show as its work, yet reverting that merge leaves them only here.
 */
async function othersCommits(client: GithubClient, owner: string, repo: string, branch: string, from: string, pre: Snapshot | null | undefined): Promise<string[]> {
  if (!pre || pre['sha'] === from) return [];
  const since = (await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${from}...${branch}`, per_page: 100 })).data;
  const me = await client.login();
  const authors = since.commits.map((commit) => commit.author?.login ?? commit.commit.author?.name ?? 'someone').filter((author) => author !== me);
  return [...new Set(authors)];
}

/** GraphQL `revertPullRequest`; where GitHub's GraphQL API is unavailable, the contents API builds the same revert. */
async function openRevert(client: GithubClient, owner: string, repo: string, node_id: string, pull: () => Promise<Parameters<typeof revertWithContents>[3]>): Promise<number> {
  try {
    const answer = await client.graphql<{ revertPullRequest: { revertPullRequest: { number: number } } }>(REVERT_MUTATION, { input: { pullRequestId: node_id } });
    return answer.revertPullRequest.revertPullRequest.number;
  } catch (error) {
    if (!graphqlRefused(error)) throw error;
    return revertWithContents(client, owner, repo, await pull());
  }
}
