// Test helpers: a simulator with the agent's adapter and a human's own LinearClient, and a direct state reader.
import { LinearClient } from '@linear/sdk';
import type { Json, ResourceRef } from '@backspace/core';
import type { RequestPredicate } from '@backspace/testkit';
import { createLinearAdapter } from './linear-adapter.js';
import { createLinearSimulator, type LinearSimulator, type LinearSimulatorOptions } from './simulator/index.js';

export async function startLinear(options: LinearSimulatorOptions = {}) {
  const simulator = await createLinearSimulator(options);
  const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const human = new LinearClient({ apiKey: simulator.seed.tokens.human, apiUrl: simulator.apiUrl });
  return { simulator, adapter, human };
}


/** A resource's state read straight from the simulator, never through the adapter (the simulator's own reader). */
export function inspectResource(simulator: LinearSimulator, resource: ResourceRef): Json | null {
  return simulator.inspectResource(resource);
}

/** Matches the GraphQL request running one mutation field, e.g. `issueCreate`. */
export function mutation(field: string): RequestPredicate {
  return (request) => typeof (request.body as { query?: unknown })?.query === 'string' && (request.body as { query: string }).query.includes(`${field}(`);
}
