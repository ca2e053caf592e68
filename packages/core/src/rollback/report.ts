// What a rollback reports once its steps ran: counts by outcome, the one-line summary, and the residue
// without the traces of steps that never ran.
import type { ReportStep, RollbackCounts, StepOutcome } from './run.js';

export function countOutcomes(steps: ReportStep[]): Record<StepOutcome, number> {
  const byOutcome: Record<StepOutcome, number> = { verified: 0, corrected: 0, skipped: 0, conflict: 0, unreachable: 0, failed: 0 };
  for (const step of steps) byOutcome[step.outcome] += 1;
  return byOutcome;
}

/** One line that hides nothing: every count an operator must look at is named when it is not zero. */
export function summarize(counts: RollbackCounts, steps: number): string {
  const parts = [`${counts.undone} undone and verified`];
  if (counts.corrected) parts.push(`${counts.corrected} corrected with a gentler inverse (not removed: others built on them)`);
  if (counts.conflicts) parts.push(`${counts.conflicts} conflict(s) left in place`);
  if (counts.unreachable) parts.push(`${counts.unreachable} unreachable (roll back again to retry)`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.residue) parts.push(`${counts.residue} residue line(s)`);
  // Residue alone (what earlier undos left, told in every report) still leaves nothing to undo; it is named.
  const clean = counts.corrected + counts.conflicts + counts.unreachable + counts.failed === 0;
  if (counts.undone === 0 && clean) return `nothing to undo: ${steps} step(s) already undone or not undoable${counts.residue ? `; ${counts.residue} residue line(s)` : ''}`;
  return parts.join(', ');
}

/**
 * The plan's residue without the traces of steps that did not run (a conflict found as they were about
 * to, unreachable, skipped): a revert refused leaves no revert commit, and a report saying it stays in
 * the history misleads. A failed step may have run part-way, and keeps its trace.
 */
export function withoutTracesOfStepsNotRun(planned: string[], steps: ReportStep[]): string[] {
  const residue = [...planned];
  for (const step of steps) {
    if (!step.trace || step.outcome === 'verified' || step.outcome === 'corrected' || step.outcome === 'failed') continue;
    const at = residue.indexOf(step.trace);
    if (at !== -1) residue.splice(at, 1);
  }
  return residue;
}
