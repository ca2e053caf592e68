// The environments the Notion conformance cases run in: the simulator, and the public API (live, or
// the simulator standing in for it, or a recording of either served by nock).
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { Replayed } from '@backspace/testkit';
import { createNotionAdapter } from '../notion-adapter.js';
import { createNotionSimulator } from '../simulator/index.js';
import { createTestbed } from '../test-support.js';
import { apiWorkspace } from './api-workspace.js';
import { simulatorWorkspace } from './simulator-workspace.js';
import type { NotionConformanceEnvironment } from './workspace.js';

export async function simulatorEnvironment(): Promise<NotionConformanceEnvironment> {
  const testbed = await createTestbed();
  const workspace = simulatorWorkspace(testbed);
  return { adapter: testbed.adapter, simulator: testbed.simulator, workspace, inspect: testbed.inspect, prepare: workspace.prepare, close: testbed.close };
}

export interface ApiTarget {
  /** The API's base URL without `/v1`: `https://api.notion.com`. */
  baseUrl: string;
  /** The sandbox page, shared with the agent's integration (and the human's). */
  pageId: string;
  /** The sandbox Tasks data source: Name (title), Status (status), Notes (text). */
  dataSourceId: string;
  agentToken: string;
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay asks for the same paths. */
interface ApiMeta {
  pageId: string;
  dataSourceId: string;
  runId: string;
}

/** The agent and the cases' workspace on the public API of `target`; `close` tidies the check's objects away, then runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): NotionConformanceEnvironment {
  const meta: ApiMeta = replayed ? (replayed.meta as unknown as ApiMeta) : { pageId: target.pageId, dataSourceId: target.dataSourceId, runId: randomBytes(4).toString('hex') };
  const baseUrl = replayed?.baseUrl ?? target.baseUrl;
  const workspace = apiWorkspace({ baseUrl, pageId: meta.pageId, dataSourceId: meta.dataSourceId, humanToken: target.humanToken ?? target.agentToken, runId: meta.runId });
  const adapter = createNotionAdapter({ token: target.agentToken, baseUrl });
  return {
    adapter,
    workspace,
    inspect: workspace.inspect,
    prepare: workspace.prepare,
    recording: { baseUrl, meta: meta as unknown as Json, secrets: [target.agentToken, target.humanToken ?? ''] },
    close: async () => {
      try {
        await workspace.tidy();
      } finally {
        await release();
      }
    },
  };
}

/** The simulator behind its public URL only, as a stand-in for api.notion.com. */
export async function simulatorAsApi(): Promise<NotionConformanceEnvironment> {
  const simulator = await createNotionSimulator();
  const { parentPageId, dataSourceId } = simulator.seed;
  return apiEnvironment({ baseUrl: simulator.url, pageId: parentPageId, dataSourceId, agentToken: simulator.tokens.agent, humanToken: simulator.tokens.human }, () => simulator.close());
}

const NOWHERE = '00000000-0000-0000-0000-000000000000';

/** A recorded run's environment, stood up again offline: the recorded base URL and names, stand-in tokens. */
export async function replayEnvironment(replayed?: Replayed) {
  return apiEnvironment({ baseUrl: 'https://api.notion.com', pageId: NOWHERE, dataSourceId: NOWHERE, agentToken: 'replayed-token' }, undefined, replayed);
}
