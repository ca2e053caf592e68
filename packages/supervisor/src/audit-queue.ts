// Where committed actions wait for their audit. In one process (SQLite) an in-memory queue ordered by
// due time; several supervisors on PostgreSQL share a pg-boss queue instead (pg-boss-queue.ts).
import type { Clock } from '@backspace/core';
import type { AuditJob } from './subject.js';

export interface AuditQueue {
  readonly kind: string;
  /** Jobs to audit once due; a job for an action already queued or audited is harmless. */
  enqueue(jobs: AuditJob[]): Promise<void>;
  /** Hands each job to `handle` once due, until stopped; a job whose handler throws is tried again. */
  work(handle: (job: AuditJob) => Promise<void>): Promise<void>;
  /** Stops taking jobs and waits for the ones being handled. */
  stop(): Promise<void>;
  /**
   * Where a finding's response runs when it may outlast an audit job's expiry (a pause-and-rollback
   * waits out calls in flight, then rolls sessions back under the providers' rate limits): jobs of its
   * own, with their own expiry. Absent (one process, no expiry), the response runs within the audit.
   */
  readonly responses?: ResponseQueue;
}

/** A finding journaled with its response still to carry out, and the sessions that response concerns. */
export interface ResponseJob {
  findingId: string;
  agentId: string | null;
  sessions: string[];
}

export interface ResponseQueue {
  /** A job per finding: sent again for the same finding, the queue keeps one. */
  enqueue(job: ResponseJob): Promise<void>;
  /** Hands each job to `handle`; a job whose handler throws, or whose supervisor died, is tried again. */
  work(handle: (job: ResponseJob) => Promise<void>): Promise<void>;
}

/** Attempts per job before the in-memory queue gives up on it (a journal that keeps failing). */
const MAX_ATTEMPTS = 5;

export class MemoryAuditQueue implements AuditQueue {
  readonly kind = 'memory';
  private readonly waiting: AuditJob[] = [];
  private readonly known = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly pollMs: number,
    private readonly onGiveUp: (job: AuditJob, error: unknown) => void = () => undefined,
  ) {}

  async enqueue(jobs: AuditJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.known.has(job.actionId)) continue;
      this.known.add(job.actionId);
      this.insert(job);
    }
    if (jobs.length > 0) this.wake?.();
  }

  private insert(job: AuditJob): void {
    let index = this.waiting.length;
    while (index > 0 && this.waiting[index - 1]!.dueAt > job.dueAt) index -= 1;
    this.waiting.splice(index, 0, job);
  }

  async work(handle: (job: AuditJob) => Promise<void>): Promise<void> {
    this.running = this.loop(handle);
  }

  private async loop(handle: (job: AuditJob) => Promise<void>): Promise<void> {
    while (!this.stopped) {
      const next = this.waiting[0];
      if (next && next.dueAt <= this.clock.now()) {
        this.waiting.shift();
        try {
          await handle(next);
          this.attempts.delete(next.actionId);
        } catch (error) {
          const tries = (this.attempts.get(next.actionId) ?? 0) + 1;
          this.attempts.set(next.actionId, tries);
          if (tries >= MAX_ATTEMPTS) this.onGiveUp(next, error);
          else this.insert({ ...next, dueAt: this.clock.now() + this.pollMs * 2 ** tries });
        }
        continue;
      }
      const wait = next ? Math.min(this.pollMs, Math.max(0, next.dueAt - this.clock.now())) : this.pollMs;
      await Promise.race([this.clock.sleep(wait), new Promise<void>((resolve) => (this.wake = resolve))]);
      this.wake = null;
    }
  }

  /** Jobs not yet audited. */
  get size(): number {
    return this.waiting.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }
}
