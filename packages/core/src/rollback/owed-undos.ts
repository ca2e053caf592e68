// Undos an earlier rollback owes, finished once the write in their way is undone. Agent A created an
// issue, agent B (a later session) retitled it, and A was rolled back first: A's rollback kept the issue
// (B had built on it). Rolling back B takes B's title off; A's issue, an effect of a session already
// rolled back, would stay with nothing left to undo it. So, after a rollback, the steps of sessions
// rolled back before whose rollback kept them whole because of a write this rollback just undid are
// planned again, in their own sessions (a rollback of theirs, of those steps only, under their locks),
// and the report tells them with its own. Planned again, they are checked as any step: a person's work
// on them since keeps them still. A rollback that could not finish them (the older session's rollback
// locked elsewhere, the engine gone) names them in its residue, and rolling back again finishes them.
import type { Compensation } from '../contract/compensation.js';
import { resourceKey } from '../contract/resource.js';
import type { RuntimeContext } from '../runtime/context.js';
import { isUnreadable } from '../journal/sealing.js';
import { EarlierRollbacks } from './earlier-rollbacks.js';
import { askAffects } from './affects.js';
import { countOutcomes, summarize } from './report.js';
import type { PlanStep } from './plan.js';
import type { RollbackOptions, RollbackReport } from './run.js';

/** Rolls back `actions` of `sessionId` (a selection), as `rollbackSessions` does. */
type RollBackSteps = (sessionId: string, actions: string[], options: RollbackOptions) => Promise<RollbackReport>;

/** A step of a session rolled back before, owed once this rollback's write over it is undone. */
export interface OwedStep {
  sessionId: string;
  actionId: string;
  action: string;
  resource: string;
}

/** A step of this rollback: undone (now or before), or `kept` (left in place: its inverse will not run). */
type DealtWith = { actionId: string; resource: string; seq: number; compensation?: Compensation | null; kept?: boolean };

/**
 * What rollback steps that put their resource back (or did before) free: owed steps of older sessions on
 * it, on the containers it sat inside (B's relation between A's issues kept A's issues; its undo frees
 * them), and on the containers its undo puts it back into (B moved a subtask out of A's task, which A's
 * rollback kept for B's undo to put it back into). A kept step frees only those: its undo will not run.
 */
export async function owedSteps(context: RuntimeContext, steps: readonly DealtWith[], sessions: readonly string[]): Promise<OwedStep[]> {
  const earlier = await EarlierRollbacks.open(context, steps, sessions);
  if (!earlier) return [];
  const owed = new Map<string, OwedStep>();
  // Asked once per resource: a rollback's steps share their pages.
  const affectsOf = new Map<string, ReturnType<typeof askAffects>>();
  for (const step of steps) {
    // A step undone before (a rollback taken over) plans no inverse: the journal has the one it staged.
    const compensation = step.compensation ?? (await stagedInverse(context, step));
    const into = (compensation?.into ?? []).map((container) => [resourceKey(container)]);
    // The resource by the key its write was journaled under and its inverse's, the key the write that made
    // it is journaled under (its `madeBy`: a message posted from a scheduled one), and each container it sat inside.
    const itself = [step.resource, ...(compensation ? [resourceKey(compensation.resource)] : []), ...(compensation?.madeBy ? await earlier.madeBy(compensation.madeBy) : [])];
    const freed = step.kept ? into : [itself, ...(compensation?.dependsOn ?? []).map((container) => [resourceKey(container)]), ...into];
    const found = (await Promise.all(freed.map((keys) => earlier.owedUnder(keys, step.seq, sessions)))).flat();
    // And what its undo changed in other resources, as its adapter says (an append into A's Notion toggle
    // changed the toggle's state in A's page): A's write there kept for it, though it puts back fields, is
    // owed too (no undo of this step restores A's fields for it, as one on the same resource does).
    if (!step.kept && compensation && (await earlier.hasKeptWrites(compensation.resource.provider))) {
      const key = resourceKey(compensation.resource);
      if (!affectsOf.has(key)) affectsOf.set(key, askAffects(context, compensation.resource));
      for (const affected of await affectsOf.get(key)!) found.push(...(await earlier.owedUnder([resourceKey(affected.resource)], step.seq, sessions, { changing: affected.fields })));
    }
    for (const { sessionId, actionId, action, resource } of found) owed.set(actionId, { sessionId, actionId, action, resource });
  }
  return [...owed.values()];
}

/** The inverse the step's action staged when it committed, as the journal holds it (null when unreadable). */
async function stagedInverse(context: RuntimeContext, { actionId, resource }: { actionId: string; resource: string }): Promise<Compensation | null> {
  const committed = (await context.journal.resourceEntries(resource)).find((entry) => entry.type === 'action.committed' && entry.actionId === actionId);
  const opened = committed ? ((context.open(committed) as { compensation?: unknown }).compensation ?? null) : null;
  return opened && !isUnreadable(opened as never) ? (opened as Compensation) : null;
}

/** The steps of a plan whose undo frees what they sit on: undone by it (or before it), or corrected. */
export const freeing = (step: PlanStep): boolean => step.status === 'undo' || step.status === 'partial' || step.status === 'already-undone' || step.remedy === 'gentler';

export async function finishOwedUndos(context: RuntimeContext, report: RollbackReport, options: RollbackOptions, rollBack: RollBackSteps): Promise<RollbackReport> {
  // Undone now, or by an earlier rollback of these sessions (one that died, or could not lock, before it finished what it owed).
  const undone = report.steps.filter((step) => step.outcome === 'verified' || step.outcome === 'corrected' || step.status === 'already-undone');
  const kept = report.steps.filter((step) => step.outcome === 'conflict').map((step) => ({ ...step, kept: true }));
  const bySession = new Map<string, string[]>();
  for (const step of await owedSteps(context, [...undone, ...kept], report.sessions)) bySession.set(step.sessionId, [...(bySession.get(step.sessionId) ?? []), step.actionId]);
  let merged = report;
  for (const [sessionId, actions] of bySession) {
    let finished: RollbackReport;
    try {
      finished = await rollBack(sessionId, actions, { concurrency: options.concurrency, force: options.force });
    } catch (error) {
      // Whatever was thrown (an Error or not), this rollback's own report stands; the owed steps are named.
      const why = error instanceof Error ? error.message : String(error);
      merged = { ...merged, residue: [...merged.residue, `session ${sessionId}: ${actions.length} step(s) its earlier rollback left because of writes this rollback undid are not undone yet (${why}); roll it back again`] };
      continue;
    }
    merged = merge(merged, finished);
  }
  return merged;
}

/** One report of both: the owed steps follow this rollback's, their session named among its sessions. */
function merge(report: RollbackReport, owed: RollbackReport): RollbackReport {
  const steps = [...report.steps, ...owed.steps];
  const residue = [...report.residue, ...owed.residue];
  const byOutcome = countOutcomes(steps);
  const counts = { undone: byOutcome.verified, corrected: byOutcome.corrected, conflicts: byOutcome.conflict, unreachable: byOutcome.unreachable, failed: byOutcome.failed, residue: residue.length };
  const note = `; then ${owed.steps.length} step(s) of session ${owed.sessionId}, which its earlier rollback left because of writes this one undid: ${owed.summary}`;
  return { ...report, sessions: [...report.sessions, ...owed.sessions.filter((session) => !report.sessions.includes(session))], steps, byOutcome, counts, executed: report.executed + owed.executed, residue, dropped: [...report.dropped, ...owed.dropped], summary: summarize(counts, steps.length) + note };
}
