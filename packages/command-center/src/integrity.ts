// The journal's integrity as every page shows it: auditJournal's report, walked again when older than a
// few seconds (a 100,000-entry chain takes a while), and always afresh before a rollback runs.
import { auditJournal, type AuditOptions, type AuditReport, type JournalStore } from '@backspace/core';

export interface IntegrityView {
  report: AuditReport;
  checkedAt: Date;
}

export class JournalIntegrity {
  private latest: IntegrityView | null = null;
  private running: Promise<IntegrityView> | null = null;

  constructor(
    private readonly journal: JournalStore,
    private readonly audit: AuditOptions,
    private readonly maxAgeMs: number,
  ) {}

  /** The latest report, walked again when stale (pages wait only for the first walk). */
  async current(): Promise<IntegrityView> {
    if (this.latest && Date.now() - this.latest.checkedAt.getTime() <= this.maxAgeMs) return this.latest;
    if (this.latest) {
      void this.fresh().catch(() => undefined);
      return this.latest;
    }
    return this.fresh();
  }

  /** Walks the chain now (one walk at a time). */
  fresh(): Promise<IntegrityView> {
    this.running ??= auditJournal(this.journal, this.audit)
      .then((report) => (this.latest = { report, checkedAt: new Date() }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}

/** Why rollbacks are blocked, or null when the journal verifies. */
export function blockedBecause(report: AuditReport): string | null {
  if (report.firstBad) return `the journal's hash chain breaks at entry ${report.firstBad.seq} (${report.firstBad.reason})`;
  const problem = report.problems[0];
  if (problem) return `entry ${problem.seq}: ${problem.reason}${report.problems.length > 1 ? ` (and ${report.problems.length - 1} more problems)` : ''}`;
  return null;
}
