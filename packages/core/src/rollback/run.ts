// rollback: run the plan. Each compensation is journaled like an action, paced per provider, retried
// when retryable, then verified: by the write's own answer where it shows the new state, else by
// reading the resource again.
import { randomUUID } from 'node:crypto';
import { compensationOperations, type CompensationReport } from '../contract/adapter.js';
import type { Compensation, Expectation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import { BackspaceError, ProviderError } from '../errors.js';
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/run-action.js';
import { toJson } from '../runtime/redact.js';
import { withRetry } from '../runtime/retry.js';
import { inCompensationSpan } from '../runtime/tracing.js';
import { planSessions, requireIntactJournal, type PlanOptions, type PlanStep, type RollbackPlan } from './plan.js';
import { plannedState } from './planned-state.js';
import { compensationToRun } from './remedy.js';
import { expectedFields } from './read-scope.js';
import { waitForWritesInFlight, type InFlightWait } from './in-flight-wait.js';
import { RateLimiter } from './rate-limiter.js';
import { PLANNED_STATE_FRESH_MS } from './removal-recheck.js';
import { checkAgainstNow } from './check-against-now.js';
import { changedSincePlanned } from './changed-since-planned.js';
import { ageOf, planMark } from './plan-age.js';
import { buildSchedule, runSchedule } from './schedule.js';
import { matchesExpectation } from './three-way.js';
import { dropHeld, type DroppedAction } from '../runtime/outbox.js';
import { OwnChanges } from './own-changes.js';
import { notRunBecause, recheckAfterNested } from './recheck-after.js';
import { finishOwedUndos } from './owed-undos.js';
import { countOutcomes, summarize, withoutTracesOfStepsNotRun } from './report.js';

/**
 * - `verified`: the inverse ran and the resource reads back as expected;
 * - `corrected`: others built on it, so the gentler inverse ran instead, verified;
 * - `conflict`: left in place, others built on it and there is no gentler inverse (seen while planning,
 *   or read again before it ran: removal-recheck.ts, recheck-after.ts);
 * - `unreachable`: the provider could not be read while planning (or to read it again); roll back again to retry;
 * - `failed`: the inverse ran and failed or did not verify;
 * - `skipped`: nothing to do (already undone, gone, expired, irreversible) or not run because a step
 *   it waits for failed.
 */
export type StepOutcome = 'verified' | 'corrected' | 'skipped' | 'conflict' | 'unreachable' | 'failed';

/** What an operator counts after a rollback; anything but `undone` and `corrected` is left to look at. */
export interface RollbackCounts {
  undone: number;
  corrected: number;
  conflicts: number;
  unreachable: number;
  failed: number;
  /** Lines of `residue`: what stays behind (irreversible, expired, unsettled writes, traces). */
  residue: number;
}

export interface ReportStep extends PlanStep {
  outcome: StepOutcome;
  error?: Json;
  /** What the inverse could not put back exactly (also in the report's `residue`). */
  residue?: string[];
}

export type StepResult = { outcome: StepOutcome; error?: Json; residue?: string[] };

export interface RollbackReport {
  /** The session rolled back (the first one, when the rollback spans several). */
  sessionId: string;
  /** Every session the rollback spans (an incident, cascades included), each locked while it ran. */
  sessions: string[];
  rollbackId: string;
  steps: ReportStep[];
  byOutcome: Record<StepOutcome, number>;
  counts: RollbackCounts;
  /** Compensations this run executed (0 on a second rollback of the same session). */
  executed: number;
  residue: string[];
  /**
   * Calls the sessions held (deferred effects) and never sent, dropped by this rollback: never to be
   * sent. A rollback of part of a session (`select`) leaves that session's held; the cascade sessions it
   * includes run whole, and theirs are dropped.
   */
  dropped: DroppedAction[];
  /** One line: what happened. */
  summary: string;
}

export interface ProgressEvent {
  actionId: string;
  action: string;
  resource: string;
  phase: 'started' | 'finished';
  outcome?: StepOutcome;
}

export interface RollbackOptions extends PlanOptions {
  /** Compensations in flight per provider (default 8). */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Called once planning is done, before anything runs: the steps that will run, so progress can show a total. */
  onPlanned?: (steps: { actionId: string; action: string; resource: string }[]) => void;
  /** Called before a rollback waits for requests still in flight: an interrupted rollback's, a stopped agent's (see in-flight-wait.ts). */
  onWaiting?: (wait: InFlightWait) => void;
}

const RUNNABLE = new Set(['undo', 'partial', 'conflict']);

/** Sessions this process is rolling back, per journal: the in-process half of the rollback lock. */
const rollingBack = new WeakMap<object, Set<string>>();

/** One rollback per session at a time: in this process, and across processes where the store can lock. */
export async function lockSession(context: RuntimeContext, sessionId: string, holder: string): Promise<() => Promise<void>> {
  const busy = () => new BackspaceError('rollback_in_progress', `another rollback of session ${sessionId} is running; wait for it to finish, then plan again to see what it left`, { isRetryable: true, details: { sessionId } });
  let local = rollingBack.get(context.journal);
  if (!local) rollingBack.set(context.journal, (local = new Set()));
  if (local.has(sessionId)) throw busy();
  local.add(sessionId);
  try {
    const stored = context.journal.lockRollback ? await context.journal.lockRollback(sessionId, holder) : undefined;
    if (stored === null) throw busy();
    return async () => {
      local.delete(sessionId);
      await stored?.release();
    };
  } catch (error) {
    local.delete(sessionId);
    throw error;
  }
}

export async function rollback(context: RuntimeContext, sessionId: string, options: RollbackOptions = {}): Promise<RollbackReport> {
  return rollbackSessions(context, [sessionId], options);
}

/**
 * Rolls back sessions as one (an incident; a session with its cascades): one plan, newest first across
 * them, one report. Each session's rollback lock is held throughout, so no session is rolled back twice
 * at once; a session another engine is rolling back stops the whole rollback before anything runs.
 */
export async function rollbackSessions(context: RuntimeContext, sessionIds: string[], options: RollbackOptions = {}): Promise<RollbackReport> {
  const rollbackId = randomUUID();
  const unlocks: (() => Promise<void>)[] = [];
  try {
    // The locks are taken before planning, so the plan sees every compensation an earlier engine recorded.
    for (const sessionId of new Set(sessionIds)) unlocks.push(await lockSession(context, sessionId, rollbackId));
    await requireIntactJournal(context, 'roll back');
    await waitForWritesInFlight(context, sessionIds, options);
    // A rollback always settles what it undoes (a dry run's `settle: false` is for plans only).
    options = { ...options, settle: true };
    let plan = await planSessions(context, sessionIds, options);
    const cascades = plan.sessions.filter((sessionId) => !sessionIds.includes(sessionId));
    if (cascades.length > 0) {
      // Cascades found while planning are locked too, then planned again as fixed sessions, whole as the
      // plan took them (a selection is the named sessions' only).
      for (const sessionId of cascades) unlocks.push(await lockSession(context, sessionId, rollbackId));
      plan = await planSessions(context, sessionIds, { ...options, cascades: 'list' }, cascades);
    }
    options.onPlanned?.(plan.steps.filter((step) => RUNNABLE.has(step.status) && step.compensation !== null).map(({ actionId, action, resource }) => ({ actionId, action, resource })));
    const report = await runPlan(context, plan, rollbackId, options, sessionIds);
    // Steps sessions rolled back before had to keep because of writes this rollback undid: finished now.
    return await finishOwedUndos(context, report, options, (sessionId, actions, more) => rollbackSessions(context, [sessionId], { ...more, select: { actions } }));
  } finally {
    for (const unlock of unlocks.reverse()) await unlock();
  }
}

async function runPlan(context: RuntimeContext, plan: RollbackPlan, rollbackId: string, options: RollbackOptions, named: string[]): Promise<RollbackReport> {
  const { sessionId } = plan;
  // What the journal says of the rollback's shape: the sessions it spans, and how many steps a selection left out.
  const shape: Record<string, Json> = {};
  if (plan.sessions.length > 1) shape.sessions = plan.sessions;
  if (plan.leftOut) shape.leftOut = plan.leftOut.length;
  for (const session of plan.sessions) {
    await context.append({ type: 'rollback.started', sessionId: session, data: { rollbackId, steps: plan.steps.filter((step) => step.sessionId === session).length, force: options.force ?? false, ...shape } });
  }
  // Held calls go first, under the same locks: whatever the compensations do, none of them is sent later.
  // A selection leaves the named sessions' held calls held; the cascades it includes run whole, so theirs go.
  const dropped: DroppedAction[] = [];
  for (const session of plan.sessions.filter((session) => !options.select || !named.includes(session))) {
    dropped.push(...(await dropHeld(context, session, { rollbackId, reason: 'the session was rolled back before its held calls were released' })));
  }

  const outcomes = new Map<string, StepResult>();
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (provider: string) => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      const limit = context.registry.adapter(provider).rateLimit;
      limiter = limit ? new RateLimiter(context.clock, limit) : undefined;
      if (limiter) limiters.set(provider, limiter);
    }
    return limiter;
  };

  for (const step of plan.steps) {
    if (step.status === 'already-undone' && step.interruptedCompensation) {
      // A crashed rollback applied this compensation but never recorded it: record it now, once.
      await context.append({ type: 'compensation.committed', sessionId: step.sessionId, actionId: step.actionId, action: step.action, resource: step.resource, idempotencyKey: `compensate:${step.actionId}`, data: { rollbackId, reconciled: true, verified: true } });
    }
    if (!RUNNABLE.has(step.status) || !step.compensation) {
      outcomes.set(step.actionId, { outcome: step.status === 'conflict' || step.status === 'unreachable' ? step.status : 'skipped' });
    }
  }

  const runnable = plan.steps.filter((step) => !outcomes.has(step.actionId));
  const own = new OwnChanges(context);
  let executed = 0;
  await runSchedule(
    buildSchedule(runnable),
    options.concurrency ?? 8,
    async ({ step }) => {
      options.onProgress?.({ actionId: step.actionId, action: step.action, resource: step.resource, phase: 'started' });
      const result = (await recheckAfterNested(context, step, own)) ?? (await runStep(context, rollbackId, step, compensationToRun(step), limiterFor(step.provider), own));
      executed += 1;
      outcomes.set(step.actionId, result);
      options.onProgress?.({ actionId: step.actionId, action: step.action, resource: step.resource, phase: 'finished', outcome: result.outcome });
      return result.outcome === 'verified' || result.outcome === 'corrected';
    },
    ({ step }, because) => {
      outcomes.set(step.actionId, notRunBecause(step, because.step));
    },
  );

  const steps: ReportStep[] = plan.steps.map((step) => ({ ...step, ...outcomes.get(step.actionId)! }));
  const byOutcome = countOutcomes(steps);
  const residue = withoutTracesOfStepsNotRun(plan.residue, steps);
  for (const step of steps) if (step.outcome === 'failed') residue.push(`${step.action} on ${step.resource}: compensation failed and is left to do`);
  for (const step of steps) residue.push(...(step.residue ?? []).map((line) => `${step.action} on ${step.resource}: ${line}`));
  const counts: RollbackCounts = {
    undone: byOutcome.verified,
    corrected: byOutcome.corrected,
    conflicts: byOutcome.conflict,
    unreachable: byOutcome.unreachable,
    failed: byOutcome.failed,
    residue: residue.length,
  };
  for (const session of plan.sessions) {
    const own = plan.sessions.length > 1 ? countOutcomes(steps.filter((step) => step.sessionId === session)) : byOutcome;
    await context.append({ type: 'rollback.finished', sessionId: session, data: { rollbackId, byOutcome: own, ...(own === byOutcome ? { counts: { ...counts }, executed } : { sessions: plan.sessions }) } });
  }
  const summary = summarize(counts, steps.length) + (dropped.length > 0 ? `; ${dropped.length} held call(s) dropped, never sent` : '');
  return { sessionId, sessions: plan.sessions, rollbackId, steps, byOutcome, counts, executed, residue, dropped, summary };
}

async function runStep(context: RuntimeContext, rollbackId: string, step: PlanStep, compensation: Compensation, limiter: RateLimiter | undefined, own: OwnChanges): Promise<StepResult> {
  const subject = { sessionId: step.sessionId, actionId: step.actionId, action: step.action, rollbackId, operation: compensation.operation };
  return inCompensationSpan(subject, () => actionTraceparent(context, step), async () => {
    const result = await runCompensation(context, rollbackId, step, compensation, limiter, own);
    return result.outcome === 'verified' && step.remedy === 'gentler' ? { ...result, outcome: 'corrected' as const } : result;
  });
}

/** The traceparent the action's intent kept, for the compensation span's link (read only when traced). */
async function actionTraceparent(context: RuntimeContext, step: PlanStep): Promise<string | null> {
  const entries = await context.journal.sessionEntries(step.sessionId);
  const intent = entries.find((entry) => entry.type === 'action.intent' && entry.actionId === step.actionId);
  const traceparent = intent ? (context.open(intent) as { traceparent?: unknown }).traceparent : undefined;
  return typeof traceparent === 'string' ? traceparent : null;
}

/**
 * What the inverse's answer lets the engine check: the expectation (a substitute's, when the inverse
 * reports what it could not put back), and the state its own answer shows, when that names every field
 * the expectation does (otherwise the resource is read again).
 */
function answerOf(report: CompensationReport | void, staged: Expectation): { expect: Expectation; observed?: Snapshot | null; residue?: string[] } {
  if (!report || typeof report !== 'object') return { expect: staged };
  const residue = report.residue?.filter((line) => typeof line === 'string' && line.length > 0);
  // A substitute expectation never comes silently: only with the residue that says why.
  const expect = residue?.length && report.expect ? report.expect : staged;
  const { observed } = report;
  const covers = observed === null ? 'absent' in expect : observed !== undefined && ('absent' in expect ? false : Object.keys(expect.fields).every((field) => field in observed));
  return { expect, ...(covers ? { observed } : {}), ...(residue?.length ? { residue } : {}) };
}

async function runCompensation(context: RuntimeContext, rollbackId: string, step: PlanStep, compensation: Compensation, limiter: RateLimiter | undefined, own: OwnChanges): Promise<StepResult> {
  const adapter = context.registry.adapter(compensation.resource.provider);
  const entry = { sessionId: step.sessionId, actionId: step.actionId, action: step.action, resource: step.resource, idempotencyKey: `compensate:${step.actionId}` };
  // An inverse the adapter cannot run as given is not read for: it goes on to fail its step as any other does.
  const declared = compensationOperations(adapter)[compensation.operation];
  const runnable = declared !== undefined && declared.input?.safeParse(compensation.input).success !== false;
  // Checked as planning's age asks before its turn under the provider's rate limit, and again after it
  // when that turn itself took longer than planning's reading is trusted (the 51st step of a Slack
  // rollback waits a minute for it): a step meets the state there when it really runs, and its write
  // otherwise follows its slot at once (a read between them bunches writes past the provider's limit).
  let now = runnable ? await checkAgainstNow(context, step, compensation, false, own) : { pre: undefined };
  if ('outcome' in now) return now;
  const slot = planMark(context.clock);
  const turn = await limiter?.acquire();
  if (runnable && ageOf(slot, context.clock) >= PLANNED_STATE_FRESH_MS) {
    now = await checkAgainstNow(context, step, compensation, true, own);
    if ('outcome' in now) return now;
  }
  await context.append({ ...entry, type: 'compensation.intent', data: { rollbackId, status: step.status, remedy: step.remedy, compensation: toJson(compensation) } });
  let changedMeanwhile: string | undefined;
  try {
    const operation = compensationOperations(adapter)[compensation.operation];
    if (!operation) throw new BackspaceError('compensation_failed', `${adapter.provider} adapter has no compensation operation "${compensation.operation}"`);
    const checked = operation.input?.safeParse(compensation.input);
    if (checked && !checked.success) {
      const problems = checked.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`).join('; ');
      throw new BackspaceError('compensation_failed', `refused to run ${compensation.operation}: its input does not fit the operation (${problems})`);
    }
    const actionContext = { client: adapter.client, idempotencyKey: entry.idempotencyKey, clock: context.clock, pre: now.pre !== undefined ? now.pre : plannedState(step) };
    const report = await withRetry(
      async (attempt) => {
        if (attempt > 1) await limiter?.acquire();
        else turn?.sending();
        try {
          return await operation.run(compensation.input, { ...actionContext, attempt });
        } catch (error) {
          if (error instanceof ProviderError && error.retryAfterMs !== undefined) limiter?.pause(error.retryAfterMs);
          throw error;
        }
      },
      context.clock,
      context.retry,
      async (error) => {
        // Only a refusal that made it wait (a 429's Retry-After) leaves people the time to act in between.
        if (operation.writesMany || !(error instanceof ProviderError && error.retryAfterMs !== undefined)) return true;
        const changed = await changedSincePlanned(context, step, compensation);
        if (changed !== undefined) changedMeanwhile = `${changed} while the undo waited to be sent again`;
        return changed === undefined;
      },
    );
    if (report && typeof report === 'object' && typeof report.keptBecause === 'string') {
      // Nothing changed: the intent is closed as not done, so a later rollback plans the step again.
      const reason = `left in place: ${report.keptBecause}`;
      await context.append({ ...entry, type: 'compensation.failed', data: { rollbackId, conflict: true, error: { code: 'conflict', message: reason } } });
      return { outcome: 'conflict', residue: [reason] };
    }
    // Verified by the write's own answer where it shows the new state, else by reading the resource again.
    const answer = answerOf(report, compensation.expect);
    const after = 'observed' in answer ? (answer.observed as Snapshot | null) : await withRetry(() => adapter.read(compensation.resource, { fields: expectedFields(answer.expect) }), context.clock, context.retry);
    if (!matchesExpectation(after, answer.expect)) {
      throw new BackspaceError('compensation_failed', `after ${compensation.description}, ${step.resource} does not hold the expected state`, {
        details: { expected: answer.expect, found: after, ...(answer.residue ? { residue: answer.residue } : {}) },
      });
    }
    own.record(compensation.resource, actionContext.pre, after);
    await context.append({ ...entry, type: 'compensation.committed', data: { rollbackId, verified: true, remedy: step.remedy, ...(answer.residue ? { residue: answer.residue } : {}) } });
    return { outcome: 'verified', ...(answer.residue ? { residue: answer.residue } : {}) };
  } catch (error) {
    if (changedMeanwhile !== undefined) {
      // Nothing of it landed that a person's change did not replace: closed as not done, planned again by a later rollback.
      const reason = `left in place: ${changedMeanwhile}`;
      await context.append({ ...entry, type: 'compensation.failed', data: { rollbackId, conflict: true, error: { code: 'conflict', message: reason } } });
      return { outcome: 'conflict', residue: [reason] };
    }
    // An answer lost, or a read back that failed for a while, says nothing of what landed: the resource
    // read again tells. A refusal (a 4xx) changed nothing, and is not read.
    if (error instanceof ProviderError && (error.outcomeUnknown || error.isRetryable) && (await landedUnanswered(context, compensation))) {
      await context.append({ ...entry, type: 'compensation.committed', data: { rollbackId, verified: true, remedy: step.remedy, answerLost: true } });
      return { outcome: 'verified' };
    }
    const json = errorJson(error);
    await context.append({ ...entry, type: 'compensation.failed', data: { rollbackId, error: json } });
    return { outcome: 'failed', error: json };
  }
}

/**
 * Whether an inverse whose answer or read back was lost landed: its resource, read again, holds what it
 * leads to. Reported failed, it would tell the operator the agent's change remains when it is gone, and
 * hold back the earlier steps that wait on it. A read that fails too leaves the step failed.
 */
async function landedUnanswered(context: RuntimeContext, compensation: Compensation): Promise<boolean> {
  const adapter = context.registry.adapter(compensation.resource.provider);
  try {
    const now = await withRetry(() => adapter.read(compensation.resource, { fields: expectedFields(compensation.expect) }), context.clock, context.retry);
    return matchesExpectation(now, compensation.expect);
  } catch {
    return false;
  }
}
