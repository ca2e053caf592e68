// Audits shared by several supervisors on one PostgreSQL database, through pg-boss 10 (its latest
// major needs Node 22). Each committed action is one job whose id is derived from the action's, so
// every supervisor may send it and the queue keeps one; a job starts after its audit delay. A job a
// supervisor took and never finished (it died) expires after `expireInSeconds` and goes to another;
// the journal's audit record, looked up by the action before anything is written, keeps the audit
// from being done twice. A live worker finishes well within the expiry, since evaluators are bounded
// by their own timeout. A finding's response (a pause-and-rollback can run for minutes) is a job of its
// own, on a second queue with an expiry of its own (`responseExpireInSeconds`), so no audit job
// expires under it and no other supervisor starts the same response again while it runs.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { AuditQueue, ResponseJob, ResponseQueue } from './audit-queue.js';
import { AuditBatchSize } from './audit-batch-size.js';
import { DueAlarm } from './due-alarm.js';
import type { AuditJob } from './subject.js';

export interface PgBossAuditQueueOptions {
  connectionString: string;
  /** The schema pg-boss keeps its tables in (default `backspace_supervisor`). */
  schema?: string;
  /** Queue name (default `backspace-audits`). */
  queue?: string;
  /** Jobs this process works on at once (default 1). */
  workers?: number;
  /** How long a taken job may run before it goes to another supervisor (default 60 s). */
  expireInSeconds?: number;
  /** How often an idle worker asks for due jobs (default 0.5 s); jobs this process queued wake it when due. */
  pollingIntervalSeconds?: number;
  /** Most jobs a worker takes at once while audits are quick (default 16; see AuditBatchSize). */
  batchSize?: number;
  /** How often expired jobs are put back (default 5 s). */
  maintenanceIntervalSeconds?: number;
  /** How long a finding's response (a pause, a rollback) may run before another supervisor takes it over (default 1 h). */
  responseExpireInSeconds?: number;
}

/** A response tried again after a minute, a few times: a journal or a provider that was down may be back. */
const RESPONSE_RETRIES = { retryLimit: 5, retryDelay: 60 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job id for an action: its own id when it is a UUID (the runtime's are), else one derived from it. */
export function auditJobId(actionId: string): string {
  if (UUID.test(actionId)) return actionId.toLowerCase();
  const hex = createHash('sha256').update(actionId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A queue's creation tried again when PostgreSQL cancels it as a deadlock: supervisors of a fleet that
 * start at once on a fresh schema create the same queue together (pg-boss inserts its row, then adds a
 * partition and constraints), and PostgreSQL cancels all but one. Created by the one, it is there for
 * the others' next try, which changes nothing.
 */
async function untilNoDeadlock(create: () => Promise<void>, tries = 10): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

export class PgBossAuditQueue implements AuditQueue {
  readonly kind = 'pg-boss';
  private readonly boss: PgBoss;
  private readonly queue: string;
  private started: Promise<void> | null = null;
  private readonly expireInSeconds: number;
  private readonly pollingMs: number;
  private readonly batch: AuditBatchSize;
  private readonly alarm: DueAlarm;
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private readonly pending = new Set<Promise<void>>();
  private stopping = false;
  /** Wake-ups so far (alarms and stop), so a worker that was busy when one came does not sleep through it. */
  private wakes = 0;
  private readonly responseQueue: string;
  private readonly responseExpireInSeconds: number;
  /** This process's response worker, woken when it queues a response itself. */
  private responseWorker: string | null = null;
  readonly responses: ResponseQueue = {
    enqueue: (job) => this.enqueueResponse(job),
    work: (handle) => this.workResponses(handle),
  };

  constructor(private readonly options: PgBossAuditQueueOptions) {
    this.queue = options.queue ?? 'backspace-audits';
    this.expireInSeconds = options.expireInSeconds ?? 60;
    this.responseQueue = `${this.queue}-responses`;
    this.responseExpireInSeconds = options.responseExpireInSeconds ?? 3600;
    this.pollingMs = (options.pollingIntervalSeconds ?? 0.5) * 1000;
    this.batch = new AuditBatchSize(options.batchSize ?? 16);
    this.alarm = new DueAlarm(() => this.wakeAll());
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema ?? 'backspace_supervisor',
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 5,
      // Scheduling (cron) is not used.
      schedule: false,
    });
    // pg-boss reports connection trouble as events; without a listener Node would end the process.
    this.boss.on('error', () => undefined);
  }

  /** Starts pg-boss (creating its schema on first use) and the audit queue. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await untilNoDeadlock(() => this.boss.createQueue(this.queue, { name: this.queue, retryLimit: 20, retryDelay: 1, expireInSeconds: this.expireInSeconds }));
      await untilNoDeadlock(() => this.boss.createQueue(this.responseQueue, { name: this.responseQueue, ...RESPONSE_RETRIES, expireInSeconds: this.responseExpireInSeconds }));
    })().catch((error: unknown) => {
      // Not kept: a later start tries again.
      this.started = null;
      throw error;
    });
    return this.started;
  }

  async enqueue(jobs: AuditJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.start();
    await this.boss.insert(
      jobs.map((job) => ({
        name: this.queue,
        id: auditJobId(job.actionId),
        data: job,
        startAfter: new Date(job.dueAt),
        expireInSeconds: this.expireInSeconds,
        retryLimit: 20,
        retryDelay: 1,
      })),
    );
    this.alarm.add(jobs.map((job) => job.dueAt));
  }

  /** One job per finding (its id derived from the finding's), however many supervisors send it. */
  private async enqueueResponse(job: ResponseJob): Promise<void> {
    await this.start();
    await this.boss.insert([{ name: this.responseQueue, id: auditJobId(`response:${job.findingId}`), data: job, expireInSeconds: this.responseExpireInSeconds, ...RESPONSE_RETRIES }]);
    if (this.responseWorker) this.boss.notifyWorker(this.responseWorker);
  }

  /**
   * Responses one at a time per process, through pg-boss's own worker: a handler that throws is failed,
   * and tried again. It asks every 2 s at most (a response queued by another supervisor waits no longer),
   * and is woken at once by one this process queues.
   */
  private async workResponses(handle: (job: ResponseJob) => Promise<void>): Promise<void> {
    await this.start();
    const pollingIntervalSeconds = Math.max(0.5, Math.min(2, this.pollingMs / 1000));
    this.responseWorker = await this.boss.work<ResponseJob>(this.responseQueue, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => handle(job!.data));
  }

  async work(handle: (job: AuditJob) => Promise<void>): Promise<void> {
    await this.start();
    this.stopping = false;
    for (let worker = 0; worker < (this.options.workers ?? 1); worker += 1) this.loops.push(this.loop(handle));
  }

  /**
   * One worker: asks for due jobs, audits them one after another, and marks them done; asks again at
   * once after finding some, and otherwise waits its polling interval or the alarm of a job falling due.
   */
  private async loop(handle: (job: AuditJob) => Promise<void>): Promise<void> {
    while (!this.stopping) {
      // A wake-up that comes while the fetch is under way still counts: the job may have been queued just after it looked.
      const wakes = this.wakes;
      const jobs = await this.boss.fetch<AuditJob>(this.queue, { batchSize: this.batch.size() }).catch(() => []);
      if (jobs.length === 0) {
        if (wakes === this.wakes && !this.stopping) await this.idle();
        continue;
      }
      await this.auditBatch(jobs, handle);
    }
  }

  private async auditBatch(jobs: PgBoss.Job<AuditJob>[], handle: (job: AuditJob) => Promise<void>): Promise<void> {
    // Taken jobs expire together, counted from the fetch: one not begun by half the expiry is handed
    // back (a slow evaluator came along) rather than risk another supervisor taking it while it waits.
    const handBackAt = performance.now() + (this.expireInSeconds * 1000) / 2;
    const done: string[] = [];
    for (const [index, job] of jobs.entries()) {
      if (this.stopping || performance.now() > handBackAt) {
        // Failed, so tried again after the retry delay by whichever supervisor asks first (pg-boss's own stop does the same).
        const why = { message: this.stopping ? 'the supervisor stopped before this audit' : 'handed back: audits ahead of it ran long' };
        await Promise.all(jobs.slice(index).map((left) => this.boss.fail(this.queue, left.id, why).catch(() => undefined)));
        break;
      }
      const started = performance.now();
      try {
        await this.withinExpiry(handle(job.data));
        done.push(job.id);
      } catch (error) {
        // Tried again after the queue's retry delay, by whichever supervisor asks first.
        await this.boss.fail(this.queue, job.id, { message: (error as Error)?.message ?? String(error) }).catch(() => undefined);
      }
      this.batch.observe(performance.now() - started);
    }
    // One statement for the batch, not waited for: a job left active by a lost completion expires, and
    // its audit record, already journaled, makes the retry a no-op.
    if (done.length > 0) this.track(this.boss.complete(this.queue, done));
  }

  /**
   * An audit still running when its job expires is given up on, as pg-boss's own workers do: the job
   * goes to another supervisor, and this worker goes on instead of waiting for something stuck.
   */
  private async withinExpiry(audit: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the audit ran past its job's expiry (${this.expireInSeconds} s)`)), this.expireInSeconds * 1000);
    });
    try {
      await Promise.race([audit, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private track(pending: Promise<unknown>): void {
    const settled = pending.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Waits the polling interval, or less when an alarm or stop wakes this worker. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.sleepers.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, this.pollingMs);
      this.sleepers.add(finish);
    });
  }

  private wakeAll(): void {
    this.wakes += 1;
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const wake of sleepers) wake();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    this.stopping = true;
    this.alarm.stop();
    this.wakeAll();
    // Audits under way finish (evaluators are bounded by their timeout) before the connections close.
    await Promise.all(this.loops);
    this.loops.length = 0;
    await Promise.all(this.pending);
    // A response under way (a rollback) is waited for too, up to its own expiry: stopped half-way, it
    // would be taken up again only once that expires.
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(this.expireInSeconds, this.responseExpireInSeconds) * 1000 });
  }
}
