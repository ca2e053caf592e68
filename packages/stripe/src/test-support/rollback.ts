// Test helpers for rollback scenarios: a simulator, a runtime with the agent's Stripe adapter on it, a
// person's own SDK client, and what the simulator holds (read directly, never through the adapter).
import { afterEach } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from '../connector.js';
import { createStripeSimulator, type StripeSimulator, type StripeSimulatorOptions } from '../simulator/index.js';
import { personOn } from './person.js';

/** Registers the simulator's teardown and gives `setup`, one fresh account per call (on `options`' clock, say). */
export function stripeRollbackScenario(options: StripeSimulatorOptions = {}) {
  let simulator: StripeSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });
  return async function setup() {
    const running = (simulator = await createStripeSimulator(options));
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [] });
    const person = personOn(running);
    /** The object as the simulator holds it, or null once deleted. */
    const record = (id: string) => {
      const found = running.inspect().objects.get(id);
      return found && found['deleted'] !== true ? found : null;
    };
    const rollback = async (sessionId: string) => {
      await runtime.endSession(sessionId, { by: 'ops' });
      return runtime.rollback(sessionId);
    };
    const agentSession = () => runtime.startSession({ agentId: 'billing-agent' });
    return { running, runtime, person, record, rollback, agentSession };
  };
}

/** The outcome of the report's step for `action`. */
export const outcomeOf = (report: { steps: { action: string; outcome: string }[] }, action: string) => report.steps.find((step) => step.action === action)?.outcome;
