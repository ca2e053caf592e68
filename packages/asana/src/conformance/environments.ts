// The environments the Asana conformance cases run in: the simulator, and the public API (live, or the
// simulator standing in for it, or a recording of either served by nock).
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { Replayed } from '@backspace/testkit';
import { createAsanaAdapter } from '../adapter.js';
import { createAsanaSimulator } from '../simulator/index.js';
import { startAsanaEnvironment } from '../test-support/environment.js';
import { asanaTokenKind, type AsanaTokenKind } from '../token-kind.js';
import { apiWorkspace } from './api-workspace.js';
import { simulatorWorkspace, TASKS_PER_CHECK } from './simulator-workspace.js';
import type { AsanaConformanceEnvironment } from './workspace.js';

export async function simulatorEnvironment(): Promise<AsanaConformanceEnvironment> {
  // Two rounds of fresh tasks: the request budget runs each case twice in one environment.
  const environment = await startAsanaEnvironment({ taskCount: 2 * TASKS_PER_CHECK });
  const workspace = simulatorWorkspace(environment);
  return { adapter: environment.adapter, simulator: environment.simulator as never, workspace, inspect: workspace.inspect, prepare: workspace.prepare, close: environment.close };
}

export interface ApiTarget {
  /** The API root: `https://app.asana.com/api/1.0`, or a stand-in's. */
  baseUrl: string;
  /** Gids of the sandbox project, of a second project of its workspace, and of two tags of that workspace. */
  project: string;
  otherProject: string;
  tags: [string, string];
  agentToken: string;
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay asks for the same paths, the same way. */
interface ApiMeta {
  project: string;
  otherProject: string;
  tags: [string, string];
  runId: string;
  /** How the adapter treated the agent's token (OAuth app or personal), which a replay's stand-in token would not tell. */
  agentTokenKind: AsanaTokenKind;
}

/** The agent and the cases' workspace on the public API of `target`; `close` also runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): AsanaConformanceEnvironment {
  const meta: ApiMeta = replayed
    ? (replayed.meta as unknown as ApiMeta)
    : { project: target.project, otherProject: target.otherProject, tags: target.tags, runId: randomBytes(4).toString('hex'), agentTokenKind: asanaTokenKind(target.agentToken) };
  const baseUrl = replayed?.baseUrl ?? target.baseUrl;
  const workspace = apiWorkspace({
    basePath: baseUrl, projectGid: meta.project, otherProjectGid: meta.otherProject, tags: meta.tags,
    agentToken: target.agentToken, humanToken: target.humanToken ?? target.agentToken, runId: meta.runId,
  });
  const adapter = createAsanaAdapter({ token: target.agentToken, baseUrl, tokenKind: meta.agentTokenKind });
  return {
    adapter,
    workspace,
    inspect: workspace.inspect,
    prepare: workspace.prepare,
    recording: { baseUrl, meta: meta as unknown as Json, secrets: [target.agentToken, target.humanToken ?? ''] },
    close: release,
  };
}

/** The simulator behind its public URL only, as a stand-in for app.asana.com. */
export async function simulatorAsApi(): Promise<AsanaConformanceEnvironment> {
  const simulator = await createAsanaSimulator({ requestsPerMinute: false });
  const { seed, tokens } = simulator;
  return apiEnvironment(
    { baseUrl: simulator.basePath, project: seed.projectGid, otherProject: seed.otherProjectGid, tags: [seed.tags.urgent, seed.tags.blocked], agentToken: tokens.agent, humanToken: tokens.human },
    () => simulator.close(),
  );
}

/** A recorded run's environment, stood up again offline: the recorded base URL and names, stand-in tokens. */
export async function replayEnvironment(replayed?: Replayed) {
  return apiEnvironment({ baseUrl: 'https://app.asana.com/api/1.0', project: 'replayed', otherProject: 'replayed', tags: ['replayed', 'replayed'], agentToken: 'replayed-token' }, undefined, replayed);
}
