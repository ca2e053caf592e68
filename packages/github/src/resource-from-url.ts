// A link to a GitHub page (github.com or GitHub Enterprise) as the resource it names: an issue or a pull
// request, a comment, a branch, a file on a branch.
import type { ResourceRef } from '@backspace/core';
import { branchRef, commentRef, fileRef, issueRef } from './resources.js';

export function githubResourceFromUrl(url: string): ResourceRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const [owner, repo, kind, ...rest] = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!owner || !repo || !kind) return null;
  const comment = /^#issuecomment-(\d+)$/.exec(parsed.hash);
  if (comment && (kind === 'issues' || kind === 'pull')) return commentRef(owner, repo, Number(comment[1]));
  const number = /^\d+$/.test(rest[0] ?? '') ? Number(rest[0]) : null;
  // A pull request is journaled as the issue of its number (its conversation; see github.pull.create).
  if ((kind === 'issues' || kind === 'pull') && number) return issueRef(owner, repo, number);
  // A branch name may hold slashes: a tree link names the branch whole; a blob link is read as branch
  // then path, the branch as its first segment (the form links to the agent's branches take).
  if (kind === 'tree' && rest.length > 0) return branchRef(owner, repo, rest.join('/'));
  if (kind === 'blob' && rest.length > 1) return fileRef(owner, repo, rest[0], rest.slice(1).join('/'));
  return null;
}
