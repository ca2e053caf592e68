// Test helpers shared by this package's tests: a simulator with an agent adapter and a human Octokit,
// and an independent reader of the simulator's state (never through the adapter).
import { Octokit } from '@octokit/rest';
import type { SimulatorRequest } from '@backspace/simulator-kit';
import { createRuntime, type Json, type ResourceRef, type RuntimeOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from './github-adapter.js';
import { createGithubSimulator, type GithubSimulator, type GithubSimulatorOptions } from './simulator/index.js';
import { inspectGithub } from './simulator/inspect-resource.js';

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

/** The agent creates branch `docs-pass` from `main` in a session of its own, ended: the session, for rolling it back. */
export async function agentCreatesDocsBranch({ owner, repo, runtime, simulator }: Awaited<ReturnType<typeof startGithubRuntime>>) {
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: simulator.inspect().git.refs.get('refs/heads/main')! });
  await session.end();
  return session;
}

/**
 * Whether a request deletes `branch`, whichever way the adapter sends it: REST's DELETE of its ref
 * (Octokit sends the ref's `/` encoded) or a GraphQL `updateRefs`. For a fault that acts as it arrives.
 */
export function deletesBranch(branch: string): (request: SimulatorRequest) => boolean {
  return (request) =>
    (request.method === 'DELETE' && decodeURIComponent(request.path).endsWith(`/git/refs/heads/${branch}`)) ||
    (request.method === 'POST' && request.path === '/graphql' && /\bupdateRefs\b/.test(String((request.body as { query?: unknown } | undefined)?.query)));
}

const TRANSFER = `mutation($issueId: ID!, $repositoryId: ID!) {
  transferIssue(input: { issueId: $issueId, repositoryId: $repositoryId }) { issue { number } }
}`;

/**
 * A person transfers issue `issue_number` of `owner/repo` to `to`, another repository of that owner, as
 * GitHub's interface does (GraphQL `transferIssue`): its number there.
 */
export async function personTransfersIssue({ human, owner, repo }: { human: Octokit; owner: string; repo: string }, issue_number: number, to: string): Promise<number> {
  const issueId = (await human.rest.issues.get({ owner, repo, issue_number })).data.node_id;
  const repositoryId = (await human.rest.repos.get({ owner, repo: to })).data.node_id;
  return (await human.graphql<{ transferIssue: { issue: { number: number } } }>(TRANSFER, { issueId, repositoryId })).transferIssue.issue.number;
}

export const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export { inspectGithub };
