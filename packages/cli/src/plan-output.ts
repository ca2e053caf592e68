// Plans and reports as an operator reads them: steps by status, what a selection pulled in and left out,
// the sessions a plan spans, the later ones that built on it (cascades) and the earlier ones whose kept
// steps it frees (owed), outcomes with marks.
import { withResourceNames as withNames, type Names, type RollbackPlan, type RollbackReport, type StepOutcome } from '@backspace/core';
import { labelsByKey, nameOf, type Descriptions } from './describe.js';
import { paint, printFitted, printLine, printTable, type CellStyleName } from './output.js';

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const STATUS_STYLE: Record<string, CellStyleName> = { undo: 'cyan', partial: 'yellow', conflict: 'yellow', unreachable: 'red', irreversible: 'magenta', expired: 'magenta' };

/** A session id as a table shows it: its first 8 characters (any unambiguous prefix names it). */
const short = (sessionId: string) => sessionId.slice(0, 8);

/** `people`: names for the blast radius's people by id (the raw ids stay in --json). */
export function printPlan(plan: RollbackPlan, descriptions: Descriptions = new Map(), people: Names = new Map()): void {
  const sessions = plan.sessions ?? [plan.sessionId];
  const several = sessions.length > 1;
  printLine(paint('bold', several ? `Rollback plan for ${sessions.length} sessions, newest step first: ${sessions.map(short).join(', ')}` : `Rollback plan for session ${plan.sessionId}`));
  const labels = labelsByKey([...plan.steps, ...(plan.leftOut ?? [])], descriptions);
  const why = (step: RollbackPlan['steps'][number]) => withNames(step.pulledIn ? `${step.reason} (${step.pulledIn})` : step.reason, labels);
  printTable(
    several ? ['status', 'session', 'action', 'resource', 'why'] : ['status', 'action', 'resource', 'why'],
    plan.steps.map((step) => [step.status, ...(several ? [short(step.sessionId)] : []), step.action, nameOf(descriptions, step.actionId, step.resource), why(step)]),
    [(status) => STATUS_STYLE[status] ?? 'dim'],
  );
  for (const step of plan.steps.filter((candidate) => candidate.fields && candidate.status !== 'undo')) {
    const kept = step.fields!.filter((field) => field.decision === 'keep').map((field) => field.field);
    if (kept.length > 0) printFitted(`  ${'conflict'} ${nameOf(descriptions, step.actionId, step.resource)}: keeps ${kept.join(', ')} (changed by someone else)`);
  }
  if (plan.leftOut?.length) {
    printLine(`left out by the selection (${plan.leftOut.length}, not run; a later full rollback undoes them):`);
    for (const step of plan.leftOut) printFitted(`  - ${step.action} on ${nameOf(descriptions, step.actionId, step.resource)} (${step.actionId.slice(0, 8)})`);
  }
  if (plan.cascades?.length) {
    printLine(paint('yellow', `later sessions built on these resources (${plan.cascades.length}, not rolled back; --include-cascades adds them):`));
    for (const cascade of plan.cascades) {
      printFitted(`  - session ${cascade.sessionId} (agent ${cascade.agentId ?? '?'}, from ${cascade.firstAt}): ${cascade.actions} write(s) on ${cascade.resources.map((key) => labels.get(key) ?? key).join(', ')}`);
      // What it put inside the plan's containers (a comment on the issue): the container stays unless it is rolled back too.
      if (cascade.inside?.length) printFitted(`    put inside them: ${cascade.inside.map((key) => labels.get(key) ?? key).join(', ')}`);
    }
  }
  if (plan.owed?.length) {
    printLine(paint('yellow', `then, steps earlier rollbacks kept because of these writes (${plan.owed.length}; planned again in their own sessions once these are undone):`));
    for (const step of plan.owed) printFitted(`  - session ${short(step.sessionId)}: ${step.action} on ${labels.get(step.resource) ?? step.resource}`);
  }
  const radius = Object.entries(plan.blastRadius.byProvider).map(([provider, count]) => `${provider} ${count}`).join(', ');
  printFitted(`blast radius: ${plan.blastRadius.resources} resources (${radius})${plan.blastRadius.actors.length ? `; people: ${plan.blastRadius.actors.map((id) => people.get(id) ?? id).join(', ')}` : ''}`);
  // Writes of unknown outcome on their own, not as residue: a dry run did not look them up, the rollback does.
  const unsettled = new Set(plan.unsettled ?? []);
  if (unsettled.size > 0) {
    printLine(paint('yellow', `outcome unknown (${unsettled.size}, not planned here):`));
    for (const line of unsettled) printFitted(`  - ${withNames(line, labels)}`);
  }
  const residue = plan.residue.filter((line) => !unsettled.has(line));
  if (residue.length > 0) {
    printLine('residue (what stays after the rollback):');
    for (const line of residue) printFitted(`  - ${withNames(line, labels)}`);
  }
}

/** Each outcome with a mark that reads without colour: only what ran and held gets a tick. */
const OUTCOME_MARK: Record<StepOutcome, { mark: string; style: CellStyleName }> = {
  verified: { mark: '✓', style: 'green' },
  corrected: { mark: '✓', style: 'green' },
  skipped: { mark: '-', style: 'dim' },
  conflict: { mark: '!', style: 'yellow' },
  unreachable: { mark: '✗', style: 'red' },
  failed: { mark: '✗', style: 'red' },
};

export function printReport(report: RollbackReport, descriptions: Descriptions = new Map()): void {
  const several = (report.sessions ?? []).length > 1;
  printTable(
    several ? ['outcome', 'status', 'session', 'action', 'resource'] : ['outcome', 'status', 'action', 'resource'],
    report.steps.map((step) => [`${OUTCOME_MARK[step.outcome]?.mark ?? '?'} ${step.outcome}`, step.status, ...(several ? [short(step.sessionId)] : []), step.action, nameOf(descriptions, step.actionId, step.resource)]),
    [(cell) => OUTCOME_MARK[cell.slice(2) as StepOutcome]?.style, (status) => STATUS_STYLE[status] ?? 'dim'],
  );
  printLine(report.summary);
  if (report.residue.length > 0) {
    const labels = labelsByKey(report.steps, descriptions);
    printLine('residue:');
    for (const line of report.residue) printFitted(`  - ${withNames(line, labels)}`);
  }
}
