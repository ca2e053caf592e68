// Test helpers shared by this package's tests: a simulator with an agent adapter and a human Octokit,
// and an independent reader of the simulator's state (never through the adapter).
import { Octokit } from '@octokit/rest';
import { createRuntime, type Json, type ResourceRef, type RuntimeOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from './github-adapter.js';
import { parseRef } from './resources.js';
import { createGithubSimulator, type GithubSimulator, type GithubSimulatorOptions } from './simulator/index.js';
import { pullChanges } from './simulator/merging.js';

export async function startGithub(options: GithubSimulatorOptions = {}) {
  const simulator = await createGithubSimulator(options);
  const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const human = new Octokit({ auth: simulator.seed.tokens.human, baseUrl: simulator.url, log: quiet });
  const { owner, repo } = simulator.seed;
  return { simulator, adapter, human, owner, repo, inspect: (resource: ResourceRef) => inspectGithub(simulator, resource) };
}

/**
 * The simulator, an agent runtime on a fresh in-memory journal (no approval rules, quick retries), and a
 * human. `runtimeOptions` changes the runtime's own settings (`retry: { maxAttempts: 1 }` leaves a lost
 * answer unknown until a rollback looks it up).
 */
export async function startGithubRuntime(options: GithubSimulatorOptions = {}, runtimeOptions: Pick<RuntimeOptions, 'retry'> = {}) {
  const environment = await startGithub(options);
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [environment.adapter], policy: [], retry: { baseDelayMs: 5, ...runtimeOptions.retry } });
  const close = async () => {
    await runtime.journal.close();
    await environment.simulator.close();
  };
  return { ...environment, runtime, close };
}

export const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The simulator's state for one resource, read straight from its records. */
export function inspectGithub(simulator: GithubSimulator, resource: ResourceRef): Json | null {
  const state = simulator.inspect();
  const { number, branch, path } = parseRef(resource);
  switch (resource.type) {
    case 'issue': {
      const issue = state.issues.get(number);
      if (!issue) return null;
      const comments = [...state.comments.values()].filter((comment) => comment.issue_number === number).map((comment) => comment.body);
      return { title: issue.title, body: issue.body, state: issue.state, state_reason: issue.state_reason, labels: [...issue.labels].sort(), assignees: [...issue.assignees].sort(), comments };
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
