// The environments the Linear conformance cases run in: the simulator, and the public API (live, or
// the simulator standing in for it, or a recording of either served by nock).
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { Replayed } from '@backspace/testkit';
import { createLinearAdapter } from '../linear-adapter.js';
import { createLinearSimulator } from '../simulator/index.js';
import { startLinear } from '../test-support.js';
import { apiWorkspace } from './api-workspace.js';
import { simulatorWorkspace } from './simulator-workspace.js';
import type { LinearConformanceEnvironment } from './workspace.js';

export async function simulatorEnvironment(): Promise<LinearConformanceEnvironment> {
  const { simulator, adapter, human } = await startLinear();
  const workspace = simulatorWorkspace(simulator, human);
  return { adapter, simulator: simulator as never, workspace, inspect: workspace.inspect, close: () => simulator.close() };
}

export interface ApiTarget {
  /** Linear's GraphQL endpoint, https://api.linear.app/graphql. */
  apiUrl: string;
  /** The id (UUID) of the sandbox team. */
  teamId: string;
  agentToken: string;
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay acts on the same team and titles. */
interface ApiMeta {
  teamId: string;
  runId: string;
}

/** The agent and the cases' workspace on the public API of `target`; `close` also runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): LinearConformanceEnvironment {
  const meta: ApiMeta = replayed ? (replayed.meta as unknown as ApiMeta) : { teamId: target.teamId, runId: randomBytes(4).toString('hex') };
  const apiUrl = replayed?.baseUrl ?? target.apiUrl;
  const workspace = apiWorkspace({ apiUrl, teamId: meta.teamId, humanToken: target.humanToken ?? target.agentToken, runId: meta.runId });
  const adapter = createLinearAdapter({ token: target.agentToken, baseUrl: apiUrl });
  return {
    adapter,
    workspace,
    inspect: workspace.inspect,
    prepare: workspace.prepare,
    recording: { baseUrl: apiUrl, meta: meta as unknown as Json, secrets: [target.agentToken, target.humanToken ?? ''] },
    close: release,
  };
}

/** The simulator behind its public URL only, as a stand-in for api.linear.app. */
export async function simulatorAsApi(): Promise<LinearConformanceEnvironment> {
  const simulator = await createLinearSimulator();
  const { teamId, tokens } = simulator.seed;
  return apiEnvironment({ apiUrl: simulator.apiUrl, teamId, agentToken: tokens.agent, humanToken: tokens.human }, () => simulator.close());
}

/** A recorded run's environment, stood up again offline: the recorded base URL and names, stand-in tokens. */
export async function replayEnvironment(replayed?: Replayed) {
  return apiEnvironment({ apiUrl: 'https://api.linear.app/graphql', teamId: 'replayed-team', agentToken: 'replayed-token' }, undefined, replayed);
}
