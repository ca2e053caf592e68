// Test helpers: a simulator with the agent's adapter and a human's own LinearClient, and a direct state reader.
import { afterEach } from 'vitest';
import { LinearClient } from '@linear/sdk';
import { createRuntime, type Json, type ResourceRef, type RuntimeOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { RequestPredicate } from '@backspace/testkit';
import { createLinearAdapter } from './linear-adapter.js';
import { createLinearSimulator, type LinearSimulator, type LinearSimulatorOptions } from './simulator/index.js';

export async function startLinear(options: LinearSimulatorOptions = {}) {
  const simulator = await createLinearSimulator(options);
  const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const human = new LinearClient({ apiKey: simulator.seed.tokens.human, apiUrl: simulator.apiUrl });
  return { simulator, adapter, human };
}

/**
 * The simulator, the agent's runtime on a fresh in-memory journal (no approval rules) and a person's
 * LinearClient; `close` closes the journal and the simulator. `runtimeOptions`: the runtime's clock and
 * retries (a scaled clock runs backoffs fast); `simulatorOptions`, the simulator's (its clock).
 */
export async function startLinearRuntime(runtimeOptions: Pick<RuntimeOptions, 'clock' | 'retry'> = {}, simulatorOptions: LinearSimulatorOptions = {}) {
  const linear = await startLinear(simulatorOptions);
  const journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [linear.adapter], policy: [], ...runtimeOptions });
  const close = async () => {
    await journal.close();
    await linear.simulator.close();
  };
  return { ...linear, journal, runtime, close };
}

/** For a test file: a `setup` that starts a runtime as startLinearRuntime does, closed after each test. */
export function linearRuntimePerTest(...options: Parameters<typeof startLinearRuntime>) {
  let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
  afterEach(async () => {
    await environment?.close();
    environment = undefined;
  });
  return async () => (environment = await startLinearRuntime(...options));
}

/** A resource's state read straight from the simulator, never through the adapter (the simulator's own reader). */
export function inspectResource(simulator: LinearSimulator, resource: ResourceRef): Json | null {
  return simulator.inspectResource(resource);
}

/** Matches the GraphQL request running one mutation field, e.g. `issueCreate`. */
export function mutation(field: string): RequestPredicate {
  return (request) => typeof (request.body as { query?: unknown })?.query === 'string' && (request.body as { query: string }).query.includes(`${field}(`);
}

/**
 * Holds the first `field` mutation (the rollback's archive, say) at Linear for two seconds and runs
 * `meanwhile` as it arrives (a person building on the issue); gives what `meanwhile` resolves to.
 */
export function whileMutationIsHeld<T>(simulator: LinearSimulator, field: string, meanwhile: () => Promise<T>): () => Promise<T> {
  let done: Promise<T> | undefined;
  simulator.faults.inject({
    method: 'POST',
    path: '/graphql',
    kind: 'delay',
    ms: 2_000,
    when: (request) => {
      if (done || !mutation(field)(request)) return false;
      done = meanwhile();
      return true;
    },
  });
  return () => done!;
}
