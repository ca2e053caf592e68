// One resource's state read straight from the simulator's records, never through the API: the
// conformance suites' and tests' independent reader, offered by the simulator's handle.
import type { Json, ResourceRef } from '@backspace/core';
import { parseRef } from '../resources.js';
import type { GithubSimulator } from './github-simulator.js';
import { pullChanges } from './merging.js';

/** The simulator's state for one resource, read straight from its records. */
export function inspectGithub(simulator: GithubSimulator, resource: ResourceRef): Json | null {
  const state = simulator.inspect();
  const { number, branch, path } = parseRef(resource);
  switch (resource.type) {
    case 'issue': {
      const issue = state.issues.get(number);
      if (!issue) return null;
      const comments = [...state.comments.values()].filter((comment) => comment.issue_number === number).map((comment) => comment.body);
      // A pull request's conversation is an issue of the same number: whether it was merged too.
      const merged: { merged?: boolean } = issue.isPull ? { merged: (state.pulls.get(number)?.merged_at ?? null) !== null } : {};
      return { title: issue.title, body: issue.body, state: issue.state, state_reason: issue.state_reason, labels: [...issue.labels].sort(), assignees: [...issue.assignees].sort(), comments, ...merged };
    }
    case 'comment': {
      const comment = state.comments.get(number);
      return comment ? { body: comment.body, author: comment.user.login } : null;
    }
    case 'branch': {
      const sha = state.git.refs.get(`refs/heads/${branch}`);
      return sha ? { sha, author: state.git.getCommit(sha)!.author.login } : null;
    }
    case 'file':
      return simulator.fileContent(path, branch || state.defaultBranch);
    case 'pull': {
      const pull = state.pulls.get(number);
      const issue = state.issues.get(number);
      return pull && issue ? { title: issue.title, body: issue.body, state: issue.state, merged: pull.merged_at !== null } : null;
    }
    case 'merge': {
      const pull = state.pulls.get(number);
      if (!pull) return null;
      const tip = state.git.refs.get(`refs/heads/${pull.base}`)!;
      const tree = state.git.getCommit(tip)!.tree;
      const files = Object.fromEntries(Object.entries(tree).map(([file, blob]) => [file, state.git.blobText(blob) ?? null]));
      return { merged: pull.merged_at !== null, changed: pullChanges(state, pull).map((change) => change.path), files };
    }
    default:
      return null;
  }
}
