// A rollback engine killed in the middle of a step leaves that compensation's intent without an outcome,
// and its request perhaps still on the way to the provider. Landing after a takeover read the resource,
// it would be sent twice: once by the dead engine, once by the takeover (a second revert, a close twice).
// So a takeover waits, before it plans, until the youngest such intent is older than the in-flight time
// (the same bound an agent's own write in flight has), then reads what the dead engine's requests did.
import type { RuntimeContext } from '../runtime/context.js';
import { sessionPlanPages } from './load-session.js';

/** How long to wait for requests an interrupted rollback may still have in flight (0 when none can be). */
export async function inFlightWaitMs(context: RuntimeContext, sessionIds: readonly string[]): Promise<number> {
  let youngest = Number.NEGATIVE_INFINITY;
  for (const sessionId of sessionIds) {
    const pending = new Map<string, number>();
    for await (const page of await sessionPlanPages(context, sessionId)) {
      for (const entry of page) {
        if (entry.type === 'compensation.intent') pending.set(entry.actionId ?? '', Date.parse(entry.at));
        else if (entry.type === 'compensation.committed' || entry.type === 'compensation.failed') pending.delete(entry.actionId ?? '');
      }
    }
    for (const at of pending.values()) youngest = Math.max(youngest, at);
  }
  return Math.max(0, youngest + context.inFlightTimeoutMs - context.clock.now());
}
