// Audits shared by several supervisors on one PostgreSQL database, through pg-boss 10 (its latest
// major needs Node 22). Each committed action is one job whose id is derived from the action's, so
// every supervisor may send it and the queue keeps one; a job starts after its audit delay. A job a
// supervisor took and never finished (it died) expires after `expireInSeconds` and goes to another;
// the journal's audit record, looked up by the action before anything is written, keeps the audit
// from being done twice. A live worker finishes well within the expiry, since evaluators are bounded
// by their own timeout.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { AuditQueue } from './audit-queue.js';
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
  /** How often each worker asks for due jobs (default 0.5 s, pg-boss's least). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are put back (default 5 s). */
  maintenanceIntervalSeconds?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job id for an action: its own id when it is a UUID (the runtime's are), else one derived from it. */
export function auditJobId(actionId: string): string {
  if (UUID.test(actionId)) return actionId.toLowerCase();
  const hex = createHash('sha256').update(actionId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class PgBossAuditQueue implements AuditQueue {
  readonly kind = 'pg-boss';
  private readonly boss: PgBoss;
  private readonly queue: string;
  private started: Promise<void> | null = null;
  private readonly expireInSeconds: number;

  constructor(private readonly options: PgBossAuditQueueOptions) {
    this.queue = options.queue ?? 'backspace-audits';
    this.expireInSeconds = options.expireInSeconds ?? 60;
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
      await this.boss.createQueue(this.queue, { name: this.queue, retryLimit: 20, retryDelay: 1, expireInSeconds: this.expireInSeconds });
    })();
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
  }

  async work(handle: (job: AuditJob) => Promise<void>): Promise<void> {
    await this.start();
    for (let worker = 0; worker < (this.options.workers ?? 1); worker += 1) {
      let workerId = '';
      workerId = await this.boss.work<AuditJob>(this.queue, { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 }, async ([job]) => {
        if (!job) return;
        await handle(job.data);
        // pg-boss waits its polling interval after every fetch; a worker that found a job asks again at
        // once, so a backlog drains at the database's pace, and only an idle worker polls.
        this.boss.notifyWorker(workerId);
      });
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    // Graceful: jobs being handled finish (up to the expiry) before the connections close.
    await this.boss.stop({ graceful: true, wait: true, timeout: this.expireInSeconds * 1000 });
  }
}
