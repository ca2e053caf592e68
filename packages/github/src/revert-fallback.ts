// A revert pull request for a merge: GraphQL `revertPullRequest`, or, where it is unavailable (a GitHub
// Enterprise Server without it, or an app token without GraphQL), built by hand: a branch from the base,
// one commit per file putting the pre-merge content back, and a pull request with GitHub's own revert
// title and body.
import type { GithubClient } from './client.js';
import { graphqlRefused, isStatus } from './errors.js';
import { listPullFiles } from './pull-files.js';
import { readFile } from './read.js';

/** A revert opened (its number), or refused and why: nothing was written. */
export type RevertOpening = { number: number } | { keptBecause: string };

const REVERT_MUTATION = `mutation RevertPullRequest($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) {
    revertPullRequest { number url }
  }
}`;

/** Opens the revert of a merged pull request (by its global id) and answers its number, or why it wrote none. */
export async function openRevert(client: GithubClient, owner: string, repo: string, node_id: string, pull: () => Promise<Parameters<typeof revertWithContents>[3]>): Promise<RevertOpening> {
  try {
    const answer = await client.graphql<{ revertPullRequest: { revertPullRequest: { number: number } } }>(REVERT_MUTATION, { input: { pullRequestId: node_id } });
    return { number: answer.revertPullRequest.revertPullRequest.number };
  } catch (error) {
    if (!graphqlRefused(error)) throw error;
    return revertWithContents(client, owner, repo, await pull());
  }
}

/**
 * The revert by hand. Every page of the pull request's files is read; where GitHub lists fewer than the
 * pull request changed (it lists 3000 at most), a revert of only those would leave the rest merged while
 * it reads as done, so none is written and the step is kept as a conflict.
 */
export async function revertWithContents(client: GithubClient, owner: string, repo: string, pull: { number: number; title: string; head: { ref: string }; base: { ref: string; sha: string }; merge_commit_sha: string | null; changed_files?: number }): Promise<RevertOpening> {
  if (!pull.merge_commit_sha) throw new Error(`pull request #${pull.number} is not merged; nothing to revert`);
  const { files, complete } = await listPullFiles(client, owner, repo, pull.number, pull.changed_files);
  if (!complete) {
    return {
      keptBecause: `#${pull.number} changed ${pull.changed_files} files but GitHub lists only ${files.length}, and GraphQL revertPullRequest is not available: a revert by hand would leave the rest merged, so none was opened (no revert pull request, no revert commit) and the whole merge stays on ${pull.base.ref}; revert it in GitHub's interface or locally`,
    };
  }
  const mergeCommit = (await client.rest.git.getCommit({ owner, repo, commit_sha: pull.merge_commit_sha })).data;
  // A merge commit's first parent is the base before the merge; a squash or rebase leaves one parent
  // chain, and the merged pull request's base sha records where the base stood.
  const before = mergeCommit.parents.length > 1 ? mergeCommit.parents[0]?.sha : pull.base.sha;
  if (!before) throw new Error(`the merge of #${pull.number} has no parent to revert to`);
  const branch = `revert-${pull.number}-${pull.head.ref}`;
  try {
    await client.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: pull.merge_commit_sha });
  } catch (error) {
    if (!isStatus(error, 422)) throw error; // a retried compensation finds its branch already there
  }
  for (const file of files) {
    const old = await readFile(client, owner, repo, before, file.filename);
    const now = await readFile(client, owner, repo, branch, file.filename);
    const message = `Revert ${file.filename} from "${pull.title}"`;
    if (!old && now) await client.rest.repos.deleteFile({ owner, repo, path: file.filename, sha: String(now.sha), branch, message });
    else if (old && old.sha !== now?.sha) {
      await client.rest.repos.createOrUpdateFileContents({ owner, repo, path: file.filename, branch, message, content: String(old.content_base64), ...(now ? { sha: String(now.sha) } : {}) });
    }
  }
  const created = await client.rest.pulls.create({ owner, repo, head: branch, base: pull.base.ref, title: `Revert "${pull.title}"`, body: `Reverts ${owner}/${repo}#${pull.number}` });
  return { number: created.data.number };
}
