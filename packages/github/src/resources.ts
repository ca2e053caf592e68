// Resource references for GitHub objects, and the marker that finds a create again by its key.
import type { ResourceRef } from '@backspace/core';
import { z } from 'zod';

export const repoInput = {
  owner: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub user or organisation name')
    .describe('The account that owns the repository: the user or organisation name before the slash in github.com/OWNER/REPO, e.g. "octo-org".'),
  repo: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name')
    .describe('The repository name after the slash in github.com/OWNER/REPO, without the owner or ".git", e.g. "widgets".'),
};
export const issueNumber = z
  .number()
  .int()
  .positive()
  .describe('The issue\'s number as shown after # in GitHub (e.g. 42 for #42), not its internal id.');

// What inverses name, as their inputs check them before one runs (journals are read back, so an id or a
// path is checked as strictly as any input).
export const positiveId = z.number().int().positive();
export const blobOrCommitSha = z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character sha');
export const branchName = z.string().min(1).max(255).regex(/^[^\s:~^?*[\\]+$/, 'a branch name');
export const filePath = z.string().min(1).max(1024).refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'a relative path inside the repository');
/** A label as one snapshot field (`label:bug`): true to put it back, null to take it off. */
export const labelField = z.string().regex(/^label:.+$/);
export const labelValue = z.literal(true).nullable();

/**
 * `owner/repo` as every resource id spells it: GitHub's owner and repository names are
 * case-insensitive (`Octo-Org/Widgets` and `octo-org/widgets` are one repository), so ids use lower
 * case and one object never becomes two resources.
 */
export const repoKey = (owner: string, repo: string): string => `${owner}/${repo}`.toLowerCase();

export const issueRef = (owner: string, repo: string, number: number): ResourceRef => ({ provider: 'github', type: 'issue', id: `${repoKey(owner, repo)}#${number}` });
export const commentRef = (owner: string, repo: string, id: number): ResourceRef => ({ provider: 'github', type: 'comment', id: `${repoKey(owner, repo)}#comment-${id}` });
export const branchRef = (owner: string, repo: string, branch: string): ResourceRef => ({ provider: 'github', type: 'branch', id: `${repoKey(owner, repo)}:${branch}` });
/**
 * A file on a branch. Always give the branch by name (resolve the default branch first, see
 * `defaultBranch`): an empty branch is only what an older journal may hold, read as the default branch.
 */
export const fileRef = (owner: string, repo: string, branch: string | undefined, path: string): ResourceRef => ({ provider: 'github', type: 'file', id: `${repoKey(owner, repo)}:${branch ?? ''}:${path}` });
export const pullRef = (owner: string, repo: string, number: number): ResourceRef => ({ provider: 'github', type: 'pull', id: `${repoKey(owner, repo)}#${number}` });
export const mergeRef = (owner: string, repo: string, number: number): ResourceRef => ({ provider: 'github', type: 'merge', id: `${repoKey(owner, repo)}#${number}` });

export interface ParsedRef {
  owner: string;
  repo: string;
  /** issue, pull and merge numbers; comment ids. */
  number: number;
  branch: string;
  path: string;
}

export function parseRef(resource: ResourceRef): ParsedRef {
  const slash = resource.id.indexOf('/');
  const owner = resource.id.slice(0, slash);
  const rest = resource.id.slice(slash + 1);
  const hash = /^([^#:]+)#(?:comment-)?(\d+)$/.exec(rest);
  if (hash) return { owner, repo: hash[1]!, number: Number(hash[2]), branch: '', path: '' };
  const [repo = '', branch = '', ...path] = rest.split(':');
  return { owner, repo, number: 0, branch, path: path.join(':') };
}

/** A hidden HTML comment in a body: invisible on GitHub, found again by listing recent items. */
export function marker(key: string): string {
  return `<!-- backspace:${encodeURIComponent(key)} -->`;
}

export function withMarker(body: string | undefined | null, key: string): string {
  return body ? `${body}\n\n${marker(key)}` : marker(key);
}

export function hasMarker(body: string | null | undefined, key: string): boolean {
  return typeof body === 'string' && body.includes(marker(key));
}

/**
 * `body` with the keys hidden in the body it replaces kept at its end: an edit through Backspace never
 * erases the key by which an earlier write (whose answer may have been lost) is found again.
 */
export function keepingMarkers(body: string, replaced: unknown): string {
  const kept = (typeof replaced === 'string' ? (replaced.match(/<!-- backspace:[^\s>]+ -->/g) ?? []) : []).filter((found) => !body.includes(found));
  return kept.length ? `${body}\n\n${kept.join('\n')}` : body;
}

/** How far GitHub's clock may be behind ours when telling what an attempt made from older things. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a body carries any write's key. */
export function hasAnyMarker(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.includes('<!-- backspace:');
}
