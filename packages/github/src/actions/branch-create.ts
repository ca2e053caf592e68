// github.branch.create: create a branch (git.createRef). Inverse: delete the ref while nothing sits on it
// but the session's own files (undone first); anyone else's work on it, a person's or another
// session's, makes deleting it a conflict. The deletion itself holds GitHub to the tip the rollback
// checked (GraphQL `updateRefs`, see ref-delete.ts): a push landing after the last check keeps it too.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { guardedUndo, restoreFields, type CompensationReport, type Snapshot } from '@backspace/core/adapter-kit';
import type { GithubClient } from '../client.js';
import { isStatus } from '../errors.js';
import { deleteBranchAt, deleteBranchUnconditionally } from '../ref-delete.js';
import { readBranchByRef } from '../read-branch.js';
import { blobOrCommitSha, branchName, branchRef, repoInput } from '../resources.js';

const input = z.strictObject({
  ...repoInput,
  ref: z
    .string()
    .regex(/^refs\/heads\/[^\s:~^?*[\\]+$/, 'a full branch ref such as refs/heads/my-branch')
    .describe('The new branch as a full ref: "refs/heads/" followed by the branch name, e.g. "refs/heads/fix-login". The branch must not exist yet.'),
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'a 40-character commit sha')
    .describe('The full 40-character lowercase hex sha of the commit the branch starts at, usually the current head commit of the default branch.'),
});

/** What the inverse names: the branch, and the commit the agent created it at (journals before it lack it). */
const deleteInput = z.object({ ...repoInput, branch: branchName, from: blobOrCommitSha.optional() }).strict();

const branchOf = (ref: string) => ref.slice('refs/heads/'.length);

export const branchCreate = defineGithubAction({
  name: 'github.branch.create',
  reversibility: 'reversible',
  description: 'Create a branch; undone by deleting it while nobody else pushed to it',
  input,
  target: ({ owner, repo, ref }) => branchRef(owner, repo, branchOf(ref)),
  // Whether the branch was already there (one request when it is not): a lookup finding it then found
  // someone else's branch.
  snapshot: ({ owner, repo, ref }, { client }) => readBranchByRef(client, owner, repo, branchOf(ref)),
  execute: async (fields, { client }) => {
    const created = (await client.rest.git.createRef(fields)).data;
    return { ref: created.ref, sha: created.object.sha };
  },
  // The natural precondition: the ref exists and points where the agent asked, or at a commit whose
  // history holds it (someone committed on the branch since it landed: still the agent's branch, built on,
  // which the inverse keeps). The branch was absent before the call (the pre-state), so a branch at that
  // name starting from that commit is the one the call made.
  lookup: async ({ owner, repo, ref, sha }, { client }) => {
    try {
      const found = (await client.rest.git.getRef({ owner, repo, ref: ref.slice('refs/'.length) })).data;
      if (found.object.sha === sha) return { ref: found.ref, sha };
      const since = (await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${sha}...${found.object.sha}`, per_page: 1 })).data;
      return since.status === 'ahead' ? { ref: found.ref, sha } : undefined;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  },
  // The answer names the new branch's tip; nothing is on it yet that the default branch lacks when it
  // starts from the default branch's history (from elsewhere, what it started with counts as others').
  post: (_input, result, pre) => (pre ? pre : { sha: result.sha, work: [] }),
  // Whether the branch exists (the pre-state) and the write.
  minimumRequests: 2,
  compensation: (args) => {
    const { input: { owner, repo, ref }, pre, post } = args;
    const branch = branchOf(ref);
    if (pre) {
      // The branch existed before the agent's call: not the agent's to delete, whatever happens to it.
      return restoreFields(args, { operation: 'github.nothing', input: {}, fields: [], description: `nothing to undo: branch ${branch} in ${owner}/${repo} existed before the agent's call` });
    }
    return guardedUndo(args, {
      operation: 'github.ref.delete',
      // Where the agent created it: commits others made on it since keep it, even once merged.
      input: { owner, repo, branch, ...(typeof post?.['sha'] === 'string' ? { from: post['sha'] } : {}) },
      fields: [],
      // Files on the branch, and open pull requests from it or into it (GitHub closes them with it): the
      // session's own are undone before it (their compensations depend on it; its pull requests closed).
      contents: 'work',
      expect: { absent: true },
      description: `delete branch ${branch} in ${owner}/${repo}`,
    });
  },
  inverses: {
    'github.ref.delete': {
      input: deleteInput,
      run: async ({ owner, repo, branch, from }: z.infer<typeof deleteInput>, { client, pre }): Promise<CompensationReport> => {
        const checked = from ? await othersWork(client, owner, repo, branch, from, pre) : { tip: shaOf(pre) };
        const kept = checked.kept ?? madeAgain(pre);
        if (kept) return { keptBecause: `branch ${branch} in ${owner}/${repo} is kept: ${kept}` };
        // Deleted only while the branch still points at the tip the checks above vouched for.
        const { tip } = checked;
        const repositoryId = pre?.['repository_id'];
        if (tip === undefined || typeof repositoryId !== 'string') {
          // No read of the branch to hold the deletion to (never so for a rollback that planned it): read back after.
          await deleteBranchUnconditionally(client, owner, repo, branch);
          return {};
        }
        const deletion = await deleteBranchAt(client, owner, repo, branch, { tip, repositoryId });
        if ('movedTo' in deletion) {
          return { keptBecause: `branch ${branch} in ${owner}/${repo} is kept: someone pushed to it or moved it after the rollback checked it at ${tip.slice(0, 7)} (it is at ${deletion.movedTo.slice(0, 7)} now), so GitHub refused to delete it and their work stays on it` };
        }
        return deletion.verified ? { observed: null } : {};
      },
    },
  },
});

/**
 * Who else changed the branch since this token last created it, as planning read GitHub's repository
 * activity (`others_since_created`): a person who deleted the agent's branch and made their own under its
 * name at the same commit left it as the agent did (the same tip, nothing on it), and only that history
 * tells the branch is theirs now. Read by planning, so a retried attempt asks nothing again.
 */
function madeAgain(pre: Snapshot | null | undefined): string | undefined {
  const others = pre?.['others_since_created'];
  if (!Array.isArray(others) || others.length === 0) return undefined;
  return `${others.join(', then ')} since the agent created it: the branch of that name is theirs now`;
}

/** What the checks before the deletion found: why the branch is kept, or the tip they vouched for. */
type Checked = { kept: string; tip?: never } | { kept?: never; tip: string | undefined };

const shaOf = (pre: Snapshot | null | undefined) => (typeof pre?.['sha'] === 'string' ? pre['sha'] : undefined);

/**
 * Why the branch is someone else's now, if it is: others committed on it since the agent created it at
 * `from`, or it no longer holds that commit at all (a person deleted it and made their own under the
 * name, from another commit; this token never moves a branch back). Asked only when the branch's tip (as
 * the rollback read it) moved: a merge commit takes a branch's commits into the default branch, so they
 * no longer show as its work, yet reverting that merge leaves them only here. Otherwise the tip this
 * vouched for: the one read (`pre`), or the newest commit the comparison listed, which also holds the
 * commits this rollback made on it since it was read (its own undos of the session's files).
 */
async function othersWork(client: GithubClient, owner: string, repo: string, branch: string, from: string, pre: Snapshot | null | undefined): Promise<Checked> {
  if (!pre || pre['sha'] === from) return { tip: shaOf(pre) };
  const since = (await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${from}...${branch}`, per_page: 100 })).data;
  if (since.status === 'behind' || since.status === 'diverged') return { kept: `it no longer holds the commit the agent created it at (${from.slice(0, 7)}): someone made it again, or moved it, since` };
  const me = await client.login();
  const authors = since.commits.map((commit) => commit.author?.login ?? commit.commit.author?.name ?? 'someone').filter((author) => author !== me);
  if (authors.length > 0) return { kept: `${[...new Set(authors)].join(', ')} committed on it since the agent created it (merged work the rollback reverted may live only there)` };
  // More commits than one page lists: the tip read before stands (moved since, GitHub refuses: kept).
  const listedAll = since.status === 'identical' || since.commits.length === since.ahead_by;
  return { tip: !listedAll ? shaOf(pre) : (since.commits.at(-1)?.sha ?? from) };
}
