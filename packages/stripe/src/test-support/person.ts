// Test helpers: a person's Stripe SDK client on the conformance environment's simulator, and the count
// of writes that took effect in the simulator (a replayed answer takes none).
import { compilePathPattern } from '@backspace/simulator-kit';
import type { ConformanceEnvironment } from '@backspace/testkit';
import { personKey, personOn } from '../simulator/person.js';
import type { StripeSimulator } from '../simulator/index.js';

export { personOn, personKey as key };

export const person = (environment: ConformanceEnvironment) => personOn(environment.simulator as unknown as StripeSimulator);

/** Writes that changed the account (replays excluded), to `method path` (a route pattern). */
export function appliedWrites(environment: ConformanceEnvironment, method: string, path: string): number {
  const pattern = compilePathPattern(path);
  return (environment.simulator as unknown as StripeSimulator).inspect().applied.filter((write) => write.method === method && pattern.match(write.path)).length;
}
