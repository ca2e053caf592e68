// The environments the Slack conformance cases run in: the simulator, and the public Web API (live, or
// the simulator standing in for it, or a recording of either served by nock).
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { Replayed } from '@backspace/testkit';
import { createSlackAdapter, webApiUrl } from '../slack-adapter.js';
import { createSlackSimulator } from '../simulator/index.js';
import { startSlack } from '../test-support.js';
import { apiWorkspace } from './api-workspace.js';
import { simulatorWorkspace } from './simulator-workspace.js';
import type { SlackConformanceEnvironment } from './workspace.js';

export async function simulatorEnvironment(): Promise<SlackConformanceEnvironment> {
  const { simulator, adapter } = await startSlack();
  const workspace = simulatorWorkspace(simulator);
  return { adapter, simulator: simulator as never, workspace, inspect: workspace.inspect, close: () => simulator.close() };
}

export interface ApiTarget {
  /** The Web API's url, `/api/` added unless present: `https://slack.com/api/`. */
  baseUrl: string;
  /** The sandbox channel's id (C…): public, with the bot and the human in it. */
  channel: string;
  /** The bot token (xoxb-…) the adapter acts with. */
  agentToken: string;
  /** A user token (xoxp-…) of another member, for the human edits. */
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay asks for the same things. */
interface ApiMeta {
  channel: string;
  runId: string;
  /** Whether a second user's token was given: the workspace then also asks as that user. */
  secondUser: boolean;
}

/** The agent and the cases' workspace on the public Web API of `target`; `close` also runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): SlackConformanceEnvironment {
  const meta: ApiMeta = replayed ? (replayed.meta as unknown as ApiMeta) : { channel: target.channel, runId: randomBytes(4).toString('hex'), secondUser: target.humanToken !== undefined };
  const baseUrl = replayed?.baseUrl ?? webApiUrl(target.baseUrl);
  const humanToken = replayed ? (meta.secondUser ? 'xoxp-replayed-human' : undefined) : target.humanToken;
  const workspace = apiWorkspace({ baseUrl, channel: meta.channel, agentToken: target.agentToken, humanToken, runId: meta.runId });
  const adapter = createSlackAdapter({ token: target.agentToken, baseUrl });
  return {
    adapter,
    workspace,
    inspect: workspace.inspect,
    prepare: workspace.prepare,
    recording: { baseUrl, meta: meta as unknown as Json, secrets: [target.agentToken, target.humanToken ?? ''] },
    close: release,
  };
}

/** The simulator behind its public URL only, as a stand-in for slack.com/api. */
export async function simulatorAsApi(): Promise<SlackConformanceEnvironment> {
  const simulator = await createSlackSimulator();
  const { channel, tokens } = simulator.seed;
  return apiEnvironment({ baseUrl: simulator.apiUrl, channel, agentToken: tokens.agent, humanToken: tokens.human }, () => simulator.close());
}

/** A recorded run's environment, stood up again offline: the recorded base URL and names, stand-in tokens. */
export async function replayEnvironment(replayed?: Replayed) {
  return apiEnvironment({ baseUrl: 'https://slack.com/api/', channel: 'C0REPLAYED', agentToken: 'xoxb-replayed' }, undefined, replayed);
}
