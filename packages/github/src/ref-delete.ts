// Deleting a branch only while it still points where the rollback checked it. REST's
// `DELETE /repos/{owner}/{repo}/git/refs/heads/{branch}` takes no precondition: a person who pushes to
// the branch between the rollback's last look and that request would lose their commits from it. GraphQL
// `updateRefs` is GitHub's compare-and-swap for refs
// (https://docs.github.com/en/graphql/reference/mutations#updaterefs): `beforeOid` is where the ref must
// still point, `afterOid` of forty zeros deletes it, and a ref elsewhere makes GitHub refuse the whole
// update, moving nothing. It was a schema preview (`application/vnd.github.update-refs-preview+json`,
// still listed under https://docs.github.com/en/graphql/overview/schema-previews); GitHub's public schema
// serves it without that header since 2024-04-18 (github.com/octokit/graphql-schema PR #934, a schema
// downloaded with no preview header). The header is sent all the same, for a GitHub Enterprise Server
// that still asks for it; GitHub ignores a preview it no longer needs.
// GitHub documents that a mismatch is refused, not the words of the refusal (the one on record is typed
// UNPROCESSABLE, path ["updateRefs"]): whatever the answer says, the ref is read again to tell why.
import { doneWhenGone, nullWhenGone } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { graphqlRefused, isStatus } from './errors.js';
import { graphqlRateLimit } from './graphql-data.js';

const NO_COMMIT = '0000000000000000000000000000000000000000';

export const DELETE_BRANCH_MUTATION = `mutation BackspaceDeleteBranch($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

/**
 * What became of the branch: deleted, as GitHub's answer or a read after it shows (`verified`), or
 * deleted through REST where `updateRefs` was not served (`verified: false`: to be read back); or moved
 * by someone since it was checked at the tip given (`movedTo`), and left as it is.
 */
export type BranchDeletion = { deleted: true; verified: boolean } | { movedTo: string };

/**
 * Deletes `branch` on condition that it still points at `tip`, the commit the rollback checked it at;
 * `repositoryId` is the repository's global id, as the rollback's read of the branch named it. One
 * request when it is deleted; where GitHub refuses, the ref read again says whether someone moved it.
 */
export async function deleteBranchAt(client: GithubClient, owner: string, repo: string, branch: string, { tip, repositoryId }: { tip: string; repositoryId: string }): Promise<BranchDeletion> {
  try {
    await client.graphql(DELETE_BRANCH_MUTATION, {
      input: { repositoryId, refUpdates: [{ name: `refs/heads/${branch}`, beforeOid: tip, afterOid: NO_COMMIT }] },
      mediaType: { previews: ['update-refs'] },
    });
    return { deleted: true, verified: true };
  } catch (error) {
    const limited = graphqlRateLimit(error);
    if (limited) throw limited;
    if (!graphqlRefused(error)) throw error;
  }
  const ref = await nullWhenGone(() => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }), (error) => isStatus(error, 404));
  // Gone: an earlier attempt whose answer was lost deleted it, or someone else did.
  if (!ref) return { deleted: true, verified: true };
  if (ref.data.object.sha !== tip) return { movedTo: ref.data.object.sha };
  // Still where it was checked, so the refusal was not the condition's: `updateRefs` is not served here
  // (a GitHub Enterprise Server without it). Deleted through REST as before, and read back by the engine.
  await deleteBranchUnconditionally(client, owner, repo, branch);
  return { deleted: true, verified: false };
}

/** REST's delete, without a precondition: only where no checked tip exists to hold it to. */
export async function deleteBranchUnconditionally(client: GithubClient, owner: string, repo: string, branch: string): Promise<void> {
  // GitHub answers 422 "Reference does not exist" for a ref already deleted.
  await doneWhenGone(() => client.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` }), (error) => isStatus(error, 404, 422));
}
