// Rollbacks started from a page run here, in the background: each keeps its steps' progress for the page
// that shows it and streams it to the browser (server-sent events) until the report is in.
import { randomUUID } from 'node:crypto';
import { BackspaceError, type InFlightWait, type ProgressEvent, type RollbackOptions, type RollbackReport, type StepOutcome } from '@backspace/core';

export interface JobStep {
  actionId: string;
  action: string;
  resource: string;
  phase: 'waiting' | 'started' | 'finished';
  outcome?: StepOutcome;
}

export type JobEvent =
  | { type: 'waiting'; ms: number; why: string }
  | { type: 'planned'; total: number }
  | { type: 'step'; step: JobStep; done: number; total: number }
  | { type: 'finished'; summary: string }
  | { type: 'failed'; message: string };

/** Jobs kept for the pages that show them; the oldest finished go first. */
const KEEP_JOBS = 200;

export class RollbackJob {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  readonly steps = new Map<string, JobStep>();
  /** False while the rollback plans (reads every resource); then the steps to run are known. */
  planned = false;
  /** Before planning, a wait for writes that may still be in flight (a stopped agent's, an interrupted rollback's). */
  waiting: InFlightWait | null = null;
  report: RollbackReport | null = null;
  error: { code: string; message: string } | null = null;
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(
    /** What is rolled back, in words (a session, an incident). */
    readonly title: string,
    /** Where to go back to: the session's or the incident's page. */
    readonly backTo: string,
  ) {}

  get finished(): boolean {
    return this.report !== null || this.error !== null;
  }

  get done(): number {
    return [...this.steps.values()].filter((step) => step.phase === 'finished').length;
  }

  /** Calls `listener` with each event from now on; returns the unsubscribe. */
  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rollback waits before it plans, for as long and for the reason given. */
  wait(wait: InFlightWait): void {
    this.waiting = wait;
    this.emit({ type: 'waiting', ...wait });
  }

  /** The steps the rollback will run, known once it has planned. */
  plan(steps: { actionId: string; action: string; resource: string }[]): void {
    for (const step of steps) this.steps.set(step.actionId, { ...step, phase: 'waiting' });
    this.planned = true;
    this.emit({ type: 'planned', total: this.steps.size });
  }

  progress(event: ProgressEvent): void {
    const step: JobStep = { ...(this.steps.get(event.actionId) ?? { actionId: event.actionId, action: event.action, resource: event.resource }), phase: event.phase, ...(event.outcome ? { outcome: event.outcome } : {}) };
    this.steps.set(event.actionId, step);
    this.emit({ type: 'step', step, done: this.done, total: this.steps.size });
  }

  finish(report: RollbackReport): void {
    this.report = report;
    this.planned = true;
    for (const step of report.steps) this.steps.set(step.actionId, { actionId: step.actionId, action: step.action, resource: step.resource, phase: 'finished', outcome: step.outcome });
    this.emit({ type: 'finished', summary: report.summary });
  }

  fail(error: unknown): void {
    this.error = BackspaceError.isInstance(error) ? { code: error.code, message: error.message } : { code: 'internal', message: 'the rollback stopped on an unexpected error; see the server output' };
    if (!BackspaceError.isInstance(error)) process.stderr.write(`backspace serve: rollback ${this.id} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    this.emit({ type: 'failed', message: this.error.message });
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export class RollbackJobs {
  private readonly jobs = new Map<string, RollbackJob>();

  /** Starts `run` in the background with the job's progress callback; the job is returned at once. */
  start(job: RollbackJob, run: (callbacks: Pick<RollbackOptions, 'onWaiting' | 'onPlanned' | 'onProgress'>) => Promise<RollbackReport>): RollbackJob {
    this.jobs.set(job.id, job);
    this.forgetOld();
    run({ onWaiting: (wait) => job.wait(wait), onPlanned: (steps) => job.plan(steps), onProgress: (event) => job.progress(event) }).then(
      (report) => job.finish(report),
      (error: unknown) => job.fail(error),
    );
    return job;
  }

  get(id: string): RollbackJob | undefined {
    return this.jobs.get(id);
  }

  /** Whether a rollback of any of these sessions is running from here. */
  running(): RollbackJob[] {
    return [...this.jobs.values()].filter((job) => !job.finished);
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEEP_JOBS) return;
      if (job.finished) this.jobs.delete(id);
    }
  }
}
