// Test helpers: a simulator with the agent's adapter and a human's SDK client, and a direct state reader.
import { afterEach, beforeEach } from 'vitest';
import { createRuntime, type Clock, type Json, type ResourceRef, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from '../adapter.js';
import { AsanaClient } from '../client.js';
import { createAsanaSimulator, type AsanaSimulator, type AsanaSimulatorOptions } from '../simulator/create-simulator.js';

export interface AsanaTestEnvironment {
  simulator: AsanaSimulator;
  adapter: ReturnType<typeof createAsanaAdapter>;
  /** A human with a personal access token, on the official SDK. */
  human: AsanaClient;
  inspect(resource: ResourceRef): Json | null;
  close(): Promise<void>;
}

export async function startAsanaEnvironment(options: AsanaSimulatorOptions & { agentToken?: 'oauth' | 'personal' } = {}): Promise<AsanaTestEnvironment> {
  const simulator = await createAsanaSimulator({ requestsPerMinute: false, ...options });
  const token = options.agentToken === 'personal' ? simulator.tokens.agentPersonal : simulator.tokens.agent;
  const adapter = createAsanaAdapter({ token, baseUrl: simulator.url });
  const human = new AsanaClient({ token: simulator.tokens.human, basePath: simulator.basePath });
  return { simulator, adapter, human, inspect: (resource) => inspectResource(simulator, resource), close: () => simulator.close() };
}

/** A resource's state straight from the simulator's records, never through the adapter (the simulator's own reader). */
export function inspectResource(simulator: AsanaSimulator, resource: ResourceRef): Json | null {
  return simulator.inspectResource(resource);
}

/**
 * Before each test, a fresh simulator and a runtime on an in-memory journal (with `clock`'s clock), given
 * to `use`; both closed after it. Call it where the test file's hooks go.
 */
export function asanaEachTest(use: (made: { environment: AsanaTestEnvironment; runtime: Runtime }) => void, options: { clock?: () => Clock } = {}): void {
  let close = async () => {};
  beforeEach(async () => {
    const environment = await startAsanaEnvironment();
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], ...(options.clock ? { clock: options.clock() } : {}) });
    close = async () => {
      await journal.close();
      await environment.close();
    };
    use({ environment, runtime });
  });
  afterEach(() => close());
}
