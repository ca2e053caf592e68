// Pull request mergeability, the three merge methods, and revert branches, over the file-level git model.
import { changedPaths, mergeTrees, type Commit, type GitActor, type Tree } from './git.js';
import type { PullRecord, RepoState } from './state.js';
import { moveRef } from './activity.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface MergePreview {
  baseTip: string;
  mergeBase: string | undefined;
  tree: Tree;
  conflicts: string[];
  commits: Commit[];
}

/** What merging the head into the base would give now. */
export function previewMerge(repo: RepoState, pull: PullRecord): MergePreview | undefined {
  const baseTip = repo.git.refs.get(`refs/heads/${pull.base}`);
  if (!baseTip) return undefined;
  const mergeBase = repo.git.mergeBase(baseTip, pull.headSha);
  const baseTree = mergeBase ? repo.git.getCommit(mergeBase)!.tree : {};
  const { tree, conflicts } = mergeTrees(baseTree, repo.git.getCommit(baseTip)!.tree, repo.git.getCommit(pull.headSha)!.tree);
  return { baseTip, mergeBase, tree, conflicts, commits: mergeBase ? repo.git.commitsBetween(mergeBase, pull.headSha) : [] };
}

/** Performs the merge; returns the new tip of the base, or the conflicting paths. */
export function performMerge(repo: RepoState, pull: PullRecord, method: MergeMethod, message: string, actor: GitActor, date: string): { sha: string } | { conflicts: string[] } {
  const preview = previewMerge(repo, pull);
  if (!preview) return { conflicts: ['(base branch missing)'] };
  if (preview.conflicts.length > 0) return { conflicts: preview.conflicts };
  let tip: string;
  if (method === 'merge') tip = repo.git.commit(preview.tree, [preview.baseTip, pull.headSha], message, actor, date).sha;
  else if (method === 'squash') tip = repo.git.commit(preview.tree, [preview.baseTip], message, actor, date).sha;
  else {
    // Rebase: replay each head commit's own change onto the moving tip.
    tip = preview.baseTip;
    for (const original of preview.commits) {
      const parentTree = original.parents[0] ? repo.git.getCommit(original.parents[0])!.tree : {};
      const replayed = mergeTrees(parentTree, repo.git.getCommit(tip)!.tree, original.tree);
      if (replayed.conflicts.length > 0) return { conflicts: replayed.conflicts };
      tip = repo.git.commit(replayed.tree, [tip], original.message, original.author, date).sha;
    }
  }
  moveRef(repo, `refs/heads/${pull.base}`, tip, actor, date, true);
  return { sha: tip };
}

/** Files the pull request changes: against the merge base while open, against the old base once merged. */
export function pullChanges(repo: RepoState, pull: PullRecord): { path: string; before: string | undefined; after: string | undefined }[] {
  let before: Tree;
  let after: Tree;
  if (pull.merge_commit_sha && pull.baseShaBeforeMerge) {
    before = repo.git.getCommit(pull.baseShaBeforeMerge)!.tree;
    after = repo.git.getCommit(pull.merge_commit_sha)!.tree;
  } else {
    const preview = previewMerge(repo, pull);
    before = preview?.mergeBase ? repo.git.getCommit(preview.mergeBase)!.tree : {};
    after = repo.git.getCommit(pull.headSha)?.tree ?? {};
  }
  return changedPaths(before, after).map((path) => ({ path, before: before[path], after: after[path] }));
}

/**
 * A revert commit on a new branch started at the merge: every file the pull request changed goes back
 * to what it was before the merge. Merging that branch later conflicts where others changed the same files.
 */
export function createRevertBranch(repo: RepoState, pull: PullRecord, branch: string, message: string, actor: GitActor, date: string): Commit {
  const mergeCommit = repo.git.getCommit(pull.merge_commit_sha!)!;
  const tree: Tree = { ...mergeCommit.tree };
  for (const change of pullChanges(repo, pull)) {
    if (change.before === undefined) delete tree[change.path];
    else tree[change.path] = change.before;
  }
  const commit = repo.git.commit(tree, [mergeCommit.sha], message, actor, date);
  moveRef(repo, `refs/heads/${branch}`, commit.sha, actor, date);
  return commit;
}
