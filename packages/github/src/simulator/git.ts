// A file-level git model: blobs, commits holding whole trees, refs, three-way merges and reverts.
import { createHash } from 'node:crypto';

/** path → blob sha; a commit's whole tree, flattened (directories are implied by paths). */
export type Tree = Record<string, string>;

export interface GitActor {
  login: string;
  id: number;
  /** The profile name commits carry as author name (GitHub writes the login when there is none). */
  name?: string;
}

/** A GitHub App's bot user: its login ends in `[bot]`. */
export function isBot(actor: GitActor): boolean {
  return actor.login.endsWith('[bot]');
}

export interface Commit {
  sha: string;
  treeSha: string;
  tree: Tree;
  parents: string[];
  message: string;
  author: GitActor;
  date: string;
}

export interface Comparison {
  mergeBase: string;
  aheadBy: number;
  behindBy: number;
  status: 'identical' | 'ahead' | 'behind' | 'diverged';
}

export interface MergeOutcome {
  tree: Tree;
  conflicts: string[];
}

export class GitStore {
  /** Blob sha → the file's bytes, kept exactly as written (a binary file stays byte for byte). */
  readonly blobs = new Map<string, Buffer>();
  readonly commits = new Map<string, Commit>();
  /** `refs/heads/main` → commit sha. */
  readonly refs = new Map<string, string>();
  private commitCounter = 0;

  writeBlob(content: string | Uint8Array): string {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    // Git's own blob id, so identical content always has the same sha, as on GitHub.
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    this.blobs.set(sha, bytes);
    return sha;
  }

  commit(tree: Tree, parents: string[], message: string, author: GitActor, date: string): Commit {
    const treeSha = subtreeSha(tree, '');
    this.commitCounter += 1;
    const sha = createHash('sha1')
      .update(`commit ${treeSha} ${parents.join(',')} ${author.login} ${date} ${this.commitCounter}\n${message}`)
      .digest('hex');
    const commit: Commit = { sha, treeSha, tree: { ...tree }, parents, message, author, date };
    this.commits.set(sha, commit);
    return commit;
  }

  /** A blob's bytes read as UTF-8 text (for line counts and tests); undefined when there is no such blob. */
  blobText(sha: string): string | undefined {
    return this.blobs.get(sha)?.toString('utf8');
  }

  getCommit(sha: string): Commit | undefined {
    return this.commits.get(sha);
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  /** The nearest common ancestor (breadth-first from `right`), as `git merge-base` finds for simple histories. */
  mergeBase(left: string, right: string): string | undefined {
    const leftAncestors = this.ancestors(left);
    const seen = new Set<string>();
    const queue = [right];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      if (leftAncestors.has(next)) return next;
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return undefined;
  }

  /**
   * How `head` stands against `base`, as GitHub's comparisons (REST `compare`, GraphQL `Ref.compare`)
   * count it: commits only on each side, and their status; undefined when they share no history.
   */
  compare(base: string, head: string): Comparison | undefined {
    const mergeBase = this.mergeBase(base, head);
    if (!mergeBase) return undefined;
    const headAncestors = this.ancestors(head);
    const baseAncestors = this.ancestors(base);
    const aheadBy = [...headAncestors].filter((sha) => !baseAncestors.has(sha)).length;
    const behindBy = [...baseAncestors].filter((sha) => !headAncestors.has(sha)).length;
    const status = aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged';
    return { mergeBase, aheadBy, behindBy, status };
  }

  /** Commits reachable from `head` but not from `base`, oldest first (first-parent order suffices here). */
  commitsBetween(base: string, head: string): Commit[] {
    const excluded = this.ancestors(base);
    const found: Commit[] = [];
    let cursor: string | undefined = head;
    while (cursor && !excluded.has(cursor)) {
      const commit = this.commits.get(cursor);
      if (!commit) break;
      found.unshift(commit);
      cursor = commit.parents[0];
    }
    return found;
  }
}

/** Three-way at file level: a path changed on both sides to different blobs is a conflict. */
export function mergeTrees(base: Tree, ours: Tree, theirs: Tree): MergeOutcome {
  const tree: Tree = {};
  const conflicts: string[] = [];
  const paths = new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)]);
  for (const path of [...paths].sort()) {
    const [b, o, t] = [base[path], ours[path], theirs[path]];
    let chosen: string | undefined;
    if (o === t) chosen = o;
    else if (b === o) chosen = t;
    else if (b === t) chosen = o;
    else {
      conflicts.push(path);
      chosen = o;
    }
    if (chosen !== undefined) tree[path] = chosen;
  }
  return { tree, conflicts };
}

/** The paths whose blob differs between two trees. */
export function changedPaths(before: Tree, after: Tree): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((path) => before[path] !== after[path]).sort();
}

/** A stable sha for the part of a tree under `prefix` ('' for the whole tree), as git names a tree by its content. */
export function subtreeSha(tree: Record<string, string>, prefix: string): string {
  const entries = Object.entries(tree).filter(([path]) => path.startsWith(prefix)).map(([path, blob]) => [path.slice(prefix.length), blob]);
  return createHash('sha1').update(`tree ${JSON.stringify(entries.sort())}`).digest('hex');
}
