// The environments the GitHub conformance cases run in: the simulator, and the public API (live, or
// the simulator standing in for it, or a recording of either served by nock).
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { Replayed } from '@backspace/testkit';
import { createGithubAdapter } from '../github-adapter.js';
import { createGithubSimulator } from '../simulator/index.js';
import { apiWorkspace } from './api-workspace.js';
import { simulatorWorkspace } from './simulator-workspace.js';
import type { GithubConformanceEnvironment } from './workspace.js';

export async function simulatorEnvironment(): Promise<GithubConformanceEnvironment> {
  const simulator = await createGithubSimulator();
  const workspace = simulatorWorkspace(simulator);
  const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  return { adapter, simulator: simulator as never, workspace, inspect: workspace.inspect, close: () => simulator.close() };
}

export interface ApiTarget {
  baseUrl: string;
  /** `owner/name` of the sandbox repository. */
  repo: string;
  agentToken: string;
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay asks for the same paths. */
interface ApiMeta {
  repo: string;
  runId: string;
}

/** The agent and the cases' workspace on the public API of `target`; `close` also runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): GithubConformanceEnvironment {
  const meta: ApiMeta = replayed ? (replayed.meta as unknown as ApiMeta) : { repo: target.repo, runId: randomBytes(4).toString('hex') };
  const [owner, repo] = meta.repo.split('/') as [string, string];
  const baseUrl = replayed?.baseUrl ?? target.baseUrl;
  const workspace = apiWorkspace({ baseUrl, owner, repo, agentToken: target.agentToken, humanToken: target.humanToken ?? target.agentToken, runId: meta.runId });
  const adapter = createGithubAdapter({ token: target.agentToken, baseUrl });
  return {
    adapter,
    workspace,
    inspect: workspace.inspect,
    prepare: workspace.prepare,
    recording: { baseUrl, meta: meta as unknown as Json, secrets: [target.agentToken, target.humanToken ?? ''] },
    close: release,
  };
}

/** The simulator behind its public URL only, as a stand-in for api.github.com. */
export async function simulatorAsApi(): Promise<GithubConformanceEnvironment> {
  const simulator = await createGithubSimulator();
  const { owner, repo, tokens } = simulator.seed;
  return apiEnvironment({ baseUrl: simulator.url, repo: `${owner}/${repo}`, agentToken: tokens.agent, humanToken: tokens.human }, () => simulator.close());
}

/** A recorded run's environment, stood up again offline: the recorded base URL and names, stand-in tokens. */
export async function replayEnvironment(replayed?: Replayed) {
  return apiEnvironment({ baseUrl: 'https://api.github.com', repo: 'replayed/replayed', agentToken: 'replayed-token' }, undefined, replayed);
}
