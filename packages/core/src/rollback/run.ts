// rollback: run the plan. Each compensation is journaled like an action, paced per provider, retried
// when retryable, then verified by reading the resource again.
import { randomUUID } from 'node:crypto';
import type { Compensation } from '../contract/compensation.js';
import type { Json } from '../contract/json.js';
import { BackspaceError, ProviderError } from '../errors.js';
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/run-action.js';
import { toJson } from '../runtime/redact.js';
import { withRetry } from '../runtime/retry.js';
import { compensationToRun, planRollback, type PlanOptions, type PlanStep } from './plan.js';
import { RateLimiter } from './rate-limiter.js';
import { buildSchedule, runSchedule } from './schedule.js';
import { matchesExpectation } from './three-way.js';

export type StepOutcome = 'verified' | 'skipped' | 'conflict' | 'failed';

export interface ReportStep extends PlanStep {
  outcome: StepOutcome;
  error?: Json;
}

export interface RollbackReport {
  sessionId: string;
  rollbackId: string;
  steps: ReportStep[];
  byOutcome: Record<StepOutcome, number>;
  /** Compensations this run executed (0 on a second rollback of the same session). */
  executed: number;
  residue: string[];
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
}

const RUNNABLE = new Set(['undo', 'partial', 'conflict']);

export async function rollback(context: RuntimeContext, sessionId: string, options: RollbackOptions = {}): Promise<RollbackReport> {
  const plan = await planRollback(context, sessionId, options);
  const verified = await context.journal.verify();
  if (!verified.ok) {
    throw new BackspaceError('journal_tampered', `the journal's hash chain breaks at entry ${verified.firstBad.seq} (${verified.firstBad.reason}); refusing to roll back`, { details: { seq: verified.firstBad.seq } });
  }
  const rollbackId = randomUUID();
  await context.append({ type: 'rollback.started', sessionId, data: { rollbackId, steps: plan.steps.length, force: options.force ?? false } });

  const outcomes = new Map<string, { outcome: StepOutcome; error?: Json }>();
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
      await context.append({ type: 'compensation.committed', sessionId, actionId: step.actionId, action: step.action, resource: step.resource, idempotencyKey: `compensate:${step.actionId}`, data: { rollbackId, reconciled: true, verified: true } });
    }
    if (!RUNNABLE.has(step.status) || !step.compensation) {
      outcomes.set(step.actionId, { outcome: step.status === 'conflict' ? 'conflict' : 'skipped' });
    }
  }

  const runnable = plan.steps.filter((step) => !outcomes.has(step.actionId));
  let executed = 0;
  await runSchedule(
    buildSchedule(runnable),
    options.concurrency ?? 8,
    async ({ step }) => {
      options.onProgress?.({ actionId: step.actionId, action: step.action, resource: step.resource, phase: 'started' });
      const result = await runStep(context, sessionId, rollbackId, step, compensationToRun(step), limiterFor(step.provider));
      executed += 1;
      outcomes.set(step.actionId, result);
      options.onProgress?.({ actionId: step.actionId, action: step.action, resource: step.resource, phase: 'finished', outcome: result.outcome });
      return result.outcome === 'verified';
    },
    ({ step }, because) => {
      outcomes.set(step.actionId, { outcome: 'skipped', error: { message: `not run: ${because.step.action} on ${because.step.resource} failed first and must be undone before it` } });
    },
  );

  const steps: ReportStep[] = plan.steps.map((step) => ({ ...step, ...outcomes.get(step.actionId)! }));
  const byOutcome: Record<StepOutcome, number> = { verified: 0, skipped: 0, conflict: 0, failed: 0 };
  for (const step of steps) byOutcome[step.outcome] += 1;
  const residue = [...plan.residue];
  for (const step of steps) if (step.outcome === 'failed') residue.push(`${step.action} on ${step.resource}: compensation failed and is left to do`);
  const summary = executed === 0
    ? `nothing to undo: ${steps.length} step(s) already undone or not undoable`
    : `${byOutcome.verified} undone and verified, ${byOutcome.conflict} conflict(s) left in place, ${byOutcome.failed} failed, ${byOutcome.skipped} skipped`;
  await context.append({ type: 'rollback.finished', sessionId, data: { rollbackId, byOutcome, executed } });
  return { sessionId, rollbackId, steps, byOutcome, executed, residue, summary };
}

/** How long a rollback engine holds a step before another engine may take it over (a crashed holder). */
const STEP_LEASE_MS = 120_000;

async function runStep(context: RuntimeContext, sessionId: string, rollbackId: string, step: PlanStep, compensation: Compensation, limiter: RateLimiter | undefined): Promise<{ outcome: StepOutcome; error?: Json }> {
  const lease = `compensate:${step.actionId}`;
  if (context.journal.acquireLease && !(await context.journal.acquireLease(lease, rollbackId, STEP_LEASE_MS))) {
    return { outcome: 'skipped', error: { message: 'another rollback engine is running this step right now' } };
  }
  try {
    return await runLeasedStep(context, sessionId, rollbackId, step, compensation, limiter);
  } finally {
    await context.journal.releaseLease?.(lease, rollbackId);
  }
}

async function runLeasedStep(context: RuntimeContext, sessionId: string, rollbackId: string, step: PlanStep, compensation: Compensation, limiter: RateLimiter | undefined): Promise<{ outcome: StepOutcome; error?: Json }> {
  const adapter = context.registry.adapter(compensation.resource.provider);
  const entry = { sessionId, actionId: step.actionId, action: step.action, resource: step.resource, idempotencyKey: `compensate:${step.actionId}` };
  await context.append({ ...entry, type: 'compensation.intent', data: { rollbackId, status: step.status, remedy: step.remedy, compensation: toJson(compensation) } });
  try {
    const operation = adapter.compensations[compensation.operation];
    if (!operation) throw new BackspaceError('compensation_failed', `${adapter.provider} adapter has no compensation operation "${compensation.operation}"`);
    const actionContext = { client: adapter.client, idempotencyKey: entry.idempotencyKey, clock: context.clock };
    await withRetry(
      async () => {
        await limiter?.acquire();
        try {
          return await operation.run(compensation.input, actionContext);
        } catch (error) {
          if (error instanceof ProviderError && error.retryAfterMs !== undefined) limiter?.pause(error.retryAfterMs);
          throw error;
        }
      },
      context.clock,
      context.retry,
    );
    const after = await withRetry(() => adapter.read(compensation.resource), context.clock, context.retry);
    if (!matchesExpectation(after, compensation.expect)) {
      throw new BackspaceError('compensation_failed', `after ${compensation.description}, ${step.resource} does not hold the expected state`, {
        details: { expected: compensation.expect, found: after },
      });
    }
    await context.append({ ...entry, type: 'compensation.committed', data: { rollbackId, verified: true, remedy: step.remedy } });
    return { outcome: 'verified' };
  } catch (error) {
    const json = errorJson(error);
    await context.append({ ...entry, type: 'compensation.failed', data: { rollbackId, error: json } });
    return { outcome: 'failed', error: json };
  }
}
