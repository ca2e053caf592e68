// Reads a GitHub branch in snapshot form: its tip, who wrote the tip, the work on it (files and open
// pull requests) and what others did to it since the agent made it.
import { nullWhenGone, resourceKey, type Snapshot } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { graphqlData } from './graphql-data.js';
import { othersSinceCreated } from './branch-history.js';
import { fileRef, issueRef } from './resources.js';

/**
 * A branch in snapshot form: its tip, the tip's author, and `work`: the resource keys of the files that
 * differ on it from where it left the default branch, and of the open pull requests from it or into it
 * (GitHub closes them when the branch is deleted). Work merged into the default branch still counts:
 * a rollback may revert that merge, and then the branch is the only place the work is left (whoever
 * wrote it, person or session, the journal tells).
 * `others_since_created`: what others did to it since this token made it (`othersSinceCreated`), the
 * one way to tell a person's branch made under the agent's name at the agent's commit.
 * `repository_id`: the repository's global id, so the branch's deletion (GraphQL `updateRefs`, on
 * condition that the tip is still `sha`) asks nothing more.
 * Two requests for a branch with nothing on it (one GraphQL read of the tip, how it stands against the
 * default branch and the pull requests; its activity), a third, the comparison's files, when it holds
 * commits the default branch lacks.
 */
export async function readBranch(client: GithubClient, owner: string, repo: string, branch: string): Promise<Snapshot | null> {
  const found = await readBranchWork(client, owner, repo, branch);
  return found && { ...found, others_since_created: await othersSinceCreated(client, owner, repo, branch) };
}

/** The branch's tip, its author and its work, as `readBranch` gives them. */
async function readBranchWork(client: GithubClient, owner: string, repo: string, branch: string): Promise<Snapshot | null> {
  const around = await branchSurroundings(client, owner, repo, branch);
  if (!around.tip) return readBranchByRef(client, owner, repo, branch, { around });
  if (around.tip === 'gone') return null;
  // Nothing ahead of the default branch (or the default branch itself): no file differs from where it left it.
  const files = around.main === branch || around.aheadBy === 0 ? [] : await filesOnBranch(client, owner, repo, around.main, branch);
  return { sha: around.tip.sha, head_author: around.tip.author, work: branchWork(owner, repo, branch, files, around.pulls), repository_id: around.repositoryId };
}

/**
 * The same snapshot, the ref asked first: one request when the branch does not exist (whether an agent's
 * create finds it there already), and the way where GitHub serves no GraphQL.
 */
export async function readBranchByRef(client: GithubClient, owner: string, repo: string, branch: string, known: { around?: BranchSurroundings } = {}): Promise<Snapshot | null> {
  const ref = await nullWhenGone(() => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }));
  if (!ref) return null;
  const sha = ref.data.object.sha;
  const head = (await client.rest.git.getCommit({ owner, repo, commit_sha: sha })).data;
  const around = known.around ?? (await branchSurroundings(client, owner, repo, branch));
  const files = around.main === branch ? [] : await filesOnBranch(client, owner, repo, around.main, branch);
  return { sha, head_author: head.author.name ?? null, work: branchWork(owner, repo, branch, files, around.pulls), repository_id: around.repositoryId };
}

/** The files that differ on `branch` from where it left `main` (GitHub's three-dot comparison); none when the two share no history. */
async function filesOnBranch(client: GithubClient, owner: string, repo: string, main: string, branch: string): Promise<DiffFile[]> {
  return (await nullWhenGone(() => client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${main}...${branch}`, per_page: 100 })))?.data.files ?? [];
}

/**
 * The repository's default branch, the numbers of the open pull requests from a branch of it or into it,
 * and the repository's global id (what GraphQL `updateRefs` addresses when a rollback deletes the branch).
 * Through GraphQL also the branch's tip and its author (`gone` when there is no such branch) and how many
 * commits it holds that the default branch lacks (undefined when the two share no history).
 */
interface BranchSurroundings {
  main: string;
  pulls: number[];
  repositoryId: string;
  tip?: { sha: string; author: string | null } | 'gone';
  aheadBy?: number;
}

/** The GraphQL read of a branch and its surroundings: the repository's id, the default branch, the branch's tip and how it stands against the default branch, and the open pull requests from it (in this repository) or into it. */
export function branchDocument(owner: string, repo: string, branch: string): string {
  return `query BackspaceBranch {
  repository(owner: ${JSON.stringify(owner)}, name: ${JSON.stringify(repo)}) {
    id
    defaultBranchRef { name compare(headRef: ${JSON.stringify(`refs/heads/${branch}`)}) { aheadBy } }
    branch: ref(qualifiedName: ${JSON.stringify(`refs/heads/${branch}`)}) { target { oid ... on Commit { author { name } } } }
    from: pullRequests(headRefName: ${JSON.stringify(branch)}, states: [OPEN], first: 100) { nodes { number isCrossRepository } }
    into: pullRequests(baseRefName: ${JSON.stringify(branch)}, states: [OPEN], first: 100) { nodes { number } }
  }
}`;
}

interface BranchAnswer {
  repository: {
    id: string;
    defaultBranchRef: { name: string; compare: { aheadBy: number } | null } | null;
    branch: { target: { oid: string; author?: { name: string | null } | null } | null } | null;
    from: { nodes: ({ number: number; isCrossRepository: boolean } | null)[] };
    into: { nodes: ({ number: number } | null)[] };
  } | null;
}

/** One GraphQL request (#19); through REST (the repository, then the pull requests each way) where GraphQL is not served. */
async function branchSurroundings(client: GithubClient, owner: string, repo: string, branch: string): Promise<BranchSurroundings> {
  const answer = await graphqlData<BranchAnswer>(client, branchDocument(owner, repo, branch), { otherErrors: 'fall back' });
  const found = answer?.repository;
  if (found?.defaultBranchRef) {
    // A fork's branch of the same name is not this one: GitHub's filter is by name alone.
    const from = found.from.nodes.flatMap((node) => (node && !node.isCrossRepository ? [node.number] : []));
    const target = found.branch?.target;
    const aheadBy = found.defaultBranchRef.compare?.aheadBy;
    return {
      main: found.defaultBranchRef.name,
      pulls: [...from, ...found.into.nodes.flatMap((node) => (node ? [node.number] : []))],
      repositoryId: found.id,
      tip: target ? { sha: target.oid, author: target.author?.name ?? null } : 'gone',
      ...(aheadBy !== undefined ? { aheadBy } : {}),
    };
  }
  const [repository, from, into] = await Promise.all([
    client.rest.repos.get({ owner, repo }),
    client.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${branch}`, per_page: 100 }),
    client.rest.pulls.list({ owner, repo, state: 'open', base: branch, per_page: 100 }),
  ]);
  return { main: repository.data.default_branch, pulls: [...from.data, ...into.data].map((pull) => pull.number), repositoryId: repository.data.node_id };
}

type DiffFile = { filename: string; sha: string | null; status: string };

/** What sits on a branch: its files (as a file's own action names it) and the pull requests that use it (as a pull request's own action names it). */
function branchWork(owner: string, repo: string, branch: string, onBranch: DiffFile[], pulls: number[]): string[] {
  const files = onBranch.map((file) => resourceKey(fileRef(owner, repo, branch, file.filename)));
  return [...files, ...pulls.map((number) => resourceKey(issueRef(owner, repo, number)))].sort();
}
