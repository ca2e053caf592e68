// How many due jobs a worker takes from pg-boss at once. pg-boss 10 finds the next job by sorting every
// due job of the queue, so each fetch costs the database time in proportion to the backlog; taking
// several at once spreads that cost (and one completion statement) over them. Taken jobs wait for the
// ones ahead of them in the worker, though, while other workers and supervisors cannot have them: the
// batch is sized so it is audited in about BATCH_MS at the pace of recent audits, which is many quick
// rules audits and a single slow AI judgement.

const BATCH_MS = 100;
/** Weight of the newest audit in the running mean of audit durations. */
const WEIGHT = 0.2;

export class AuditBatchSize {
  /** Running mean of audit durations, ms; unknown until the first audit, when one job is taken. */
  private meanMs: number | null = null;

  constructor(private readonly most: number) {
    if (!Number.isInteger(most) || most < 1) throw new TypeError(`batchSize must be a whole number of at least 1, not ${String(most)}`);
  }

  size(): number {
    if (this.meanMs === null) return 1;
    return Math.max(1, Math.min(this.most, Math.floor(BATCH_MS / Math.max(this.meanMs, 0.1))));
  }

  observe(durationMs: number): void {
    this.meanMs = this.meanMs === null ? durationMs : this.meanMs + WEIGHT * (durationMs - this.meanMs);
  }
}
