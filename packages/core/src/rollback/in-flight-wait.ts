// Requests that may still be on the way to the provider when a rollback begins. A rollback engine killed
// in the middle of a step leaves that compensation's intent without an outcome: landing after a takeover
// read the resource, it would be sent twice (a second revert, a close twice). An agent killed in the
// middle of a write leaves its intent without an outcome too: with its session ended at once (by an
// operator, a supervisor) and rolled back, the lookup would find nothing, record "never landed", and the
// write would land after, unnamed.
// A call left without its answer (timed out, or stopped by the kill switch) is as much in flight: a kill
// with rollback, a supervisor's pause and rollback, look it up at once, find nothing yet, and could only
// name it and leave it for a later rollback nobody runs.
// So a rollback waits, before it plans, until the youngest such write is older than the in-flight time
// (the bound every write in flight has; for a call left without its answer, counted from when it was
// left), or has its outcome (a live process's call that came back), then reads what those requests did.
import type { PlanRecord } from '../contract/journal.js';
import type { RuntimeContext } from '../runtime/context.js';
import { leftInFlight } from '../runtime/run-action.js';
import { sessionPlanPages } from './load-session.js';

/** What a rollback waits for: its wait, and why, for `onWaiting`. */
export interface InFlightWait {
  ms: number;
  why: string;
}

const WHY = {
  compensation: 'an earlier rollback was interrupted with a compensation in flight; its request may still land',
  action: 'the agent had a write in flight when it stopped; its request may still land',
  left: "the agent's write was left without its answer (timed out, or stopped by the kill switch); its request may still land",
} as const;

/** A write's intent and its outcomes. */
const WRITE_ENTRIES = new Set<string>(['action.intent', 'action.committed', 'action.failed', 'action.unknown']);

/**
 * How long to wait for requests still in flight in these sessions (0 when none can be). `settling`: the
 * rollback looks up unknown outcomes (not one of a session so far, which leaves them to its agent), so
 * calls left without their answer are waited for too.
 */
export async function inFlightWait(context: RuntimeContext, sessionIds: readonly string[], settling = true): Promise<InFlightWait> {
  let youngest = { at: Number.NEGATIVE_INFINITY, why: WHY.compensation as string };
  const consider = (at: number, why: string) => {
    if (at > youngest.at) youngest = { at, why };
  };
  for (const sessionId of sessionIds) {
    const compensations = new Map<string, number>();
    const actions = new Map<string, number>();
    const unknown = new Map<string, PlanRecord>();
    for await (const page of await sessionPlanPages(context, sessionId)) {
      for (const entry of page) {
        const id = entry.actionId ?? '';
        if (entry.type === 'compensation.intent') compensations.set(id, Date.parse(entry.at));
        else if (entry.type === 'compensation.committed' || entry.type === 'compensation.failed') compensations.delete(id);
        else if (WRITE_ENTRIES.has(entry.type)) {
          // A write's last entry tells: an intent alone is in flight, an unknown outcome may be.
          actions.delete(id);
          unknown.delete(id);
          if (entry.type === 'action.intent') actions.set(id, Date.parse(entry.at));
          if (entry.type === 'action.unknown') unknown.set(id, entry);
        }
      }
    }
    for (const at of compensations.values()) consider(at, WHY.compensation);
    for (const at of actions.values()) consider(at, WHY.action);
    // An unknown outcome left without its answer is waited for from when it was left; any other unknown
    // (an answer lost on the way back) means the request is done.
    if (settling) for (const record of unknown.values()) if (await leftWithoutAnswer(context, record)) consider(Date.parse(record.at), WHY.left);
  }
  return { ms: Math.max(0, youngest.at + context.inFlightTimeoutMs - context.clock.now()), why: youngest.why };
}

/** Whether this unknown outcome is a call left without its answer (its payload says; plan records leave payloads out). */
async function leftWithoutAnswer(context: RuntimeContext, record: PlanRecord): Promise<boolean> {
  const entry = (await context.journal.keyEntries(record.idempotencyKey ?? '')).find((candidate) => candidate.seq === record.seq);
  return entry !== undefined && leftInFlight(entry);
}

/** How often a rollback waiting for writes in flight reads the journal again for their outcomes. */
const RECHECK_MS = 1_000;

/**
 * Waits until no write in these sessions can still be in flight; `onWaiting` hears of it once, when there
 * is a wait. Never longer than the in-flight time in all: an intent dated ahead of the clock (a skewed
 * clock, or a writer's own forged time) cannot hold a rollback back any longer than a fresh one.
 */
export async function waitForWritesInFlight(context: RuntimeContext, sessionIds: readonly string[], options: { onWaiting?: (wait: InFlightWait) => void; soFar?: boolean }): Promise<void> {
  const settling = !options.soFar;
  let wait = await inFlightWait(context, sessionIds, settling);
  if (wait.ms <= 0) return;
  const until = context.clock.now() + Math.min(wait.ms, context.inFlightTimeoutMs);
  options.onWaiting?.({ ...wait, ms: until - context.clock.now() });
  while (wait.ms > 0 && context.clock.now() < until) {
    await context.clock.sleep(Math.min(wait.ms, RECHECK_MS, until - context.clock.now()));
    wait = await inFlightWait(context, sessionIds, settling);
  }
}
