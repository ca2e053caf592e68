// Commands that plan and run rollbacks, and list what can be undone: actions, plan, rollback.
import { InvalidArgumentError, type Command } from 'commander';
import { Listr } from 'listr2';
import { createRuntime, type PlanStep, type ProgressEvent, type RollbackPlan, type RollbackReport } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAdapters } from '../adapters.js';
import { loadConfig } from '../config.js';
import { withCommandContext, type GlobalOptions } from '../context.js';
import { requireIntactJournal } from '../journal.js';
import { paint, printJson, printLine, printTable } from '../output.js';

export function registerRollbackCommands(program: Command): void {
  program
    .command('actions')
    .description('every registered action with its provider and reversibility class')
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const adapters = await createAdapters(loadConfig(options.config), { listing: true });
      const actions = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters }).listActions();
      if (options.json) return printJson({ actions });
      printTable(['action', 'provider', 'reversibility', 'description'], actions.map((action) => [action.name, action.provider, action.reversibility, action.description]));
    });

  program
    .command('plan <session>')
    .description('dry run: steps by status, conflicts with their fields, blast radius, residue')
    .option('--force', 'plan as a forced rollback (undo even where others built on it)')
    // Read-write: planning records the outcome of writes it looks up at the provider by their key.
    .action(async (sessionId: string, flags: { force?: boolean }, command: Command) =>
      withCommandContext(command, { access: 'write', withAdapters: true }, async ({ runtime, journal, options }) => {
        await requireIntactJournal(journal, 'plan');
        const plan = await runtime.planRollback(sessionId, { force: flags.force ?? false });
        if (options.json) return printJson({ ...plan, byStatus: countBy(plan.steps.map((step) => step.status)) });
        printPlan(plan);
      }),
    );

  program
    .command('rollback <session>')
    .description('undo one agent session: surgical, ordered, verified')
    .option('--force', 'undo even where others built on it (delete instead of the gentler inverse)')
    .option('--concurrency <n>', 'compensations in flight per provider', wholeNumber)
    .action(async (sessionId: string, flags: { force?: boolean; concurrency?: number }, command: Command) =>
      withCommandContext(command, { access: 'write', withAdapters: true }, async ({ runtime, journal, options }) => {
        // Before the progress display plans (and may record looked-up outcomes) on a journal that lies.
        await requireIntactJournal(journal, 'roll back');
        const rollbackOptions = { force: flags.force ?? false, ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) };
        const report = options.json
          ? await runtime.rollback(sessionId, rollbackOptions)
          : await withProgress((await runtime.planRollback(sessionId, rollbackOptions)).steps, (onProgress) => runtime.rollback(sessionId, { ...rollbackOptions, onProgress }));
        process.exitCode = rollbackExitCode(report);
        if (options.json) return printJson(report);
        printReport(report);
      }),
    );

  program
    .command('end <session>')
    .description('end a session whose agent is gone (crashed, killed), so it can be planned and rolled back without --force')
    .requiredOption('--by <who>', 'who ends it (kept in the journal)')
    .option('--reason <text>', 'why')
    .action(async (sessionId: string, flags: { by: string; reason?: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        const ended = await runtime.endSession(sessionId, { by: flags.by, ...(flags.reason ? { reason: flags.reason } : {}) });
        if (options.json) return printJson({ sessionId, ended, alreadyEnded: !ended });
        printLine(ended ? `session ${sessionId} ended by ${flags.by}; plan it with \`backspace plan ${sessionId}\`` : `session ${sessionId} had already ended`);
      }),
    );
}

/** Parses a count option; anything but a whole number of at least 1 is a usage error. */
function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('give a whole number of at least 1');
  return parsed;
}

/** Documented exit codes of `backspace rollback` (README): what an operator at 3 a.m. must look at next. */
export const ROLLBACK_EXIT = {
  /** Everything undone (or corrected with a gentler inverse, or nothing to do). */
  done: 0,
  /** Something is left in conflict: others built on it; a person decides (see the report). */
  conflicts: 3,
  /** A step failed or its provider could not be reached: roll back again to retry. Wins over 3. */
  retry: 4,
} as const;

export function rollbackExitCode(report: RollbackReport): number {
  if (report.counts.failed + report.counts.unreachable > 0) return ROLLBACK_EXIT.retry;
  if (report.counts.conflicts > 0) return ROLLBACK_EXIT.conflicts;
  return ROLLBACK_EXIT.done;
}

/**
 * A progress line per step while the rollback runs (listr2), then the report. The steps come from a
 * plan made just before; each line settles when the engine reports that step finished, and the ones it
 * never runs (already undone, left in conflict) settle when the rollback returns.
 */
async function withProgress(steps: PlanStep[], run: (onProgress: (event: ProgressEvent) => void) => Promise<RollbackReport>): Promise<RollbackReport> {
  const settle = new Map<string, (outcome: string) => void>();
  const settled = new Map<string, Promise<string>>();
  for (const step of steps) settled.set(step.actionId, new Promise((resolve) => settle.set(step.actionId, resolve)));
  const list = new Listr(
    steps.map((step) => ({
      title: `${step.action} ${step.resource}`,
      task: async (_context: unknown, task: { title: string }) => {
        task.title = `${step.action} ${step.resource}: ${await settled.get(step.actionId)!}`;
      },
    })),
    { concurrent: true, exitOnError: false, renderer: process.stdout.isTTY ? 'default' : 'silent' },
  );
  const rendering = list.run();
  try {
    return await run((event) => {
      if (event.phase === 'finished') settle.get(event.actionId)?.(event.outcome ?? 'done');
    });
  } finally {
    for (const step of steps) settle.get(step.actionId)?.('not run');
    await rendering;
  }
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export function printPlan(plan: RollbackPlan): void {
  printLine(paint('bold', `Rollback plan for session ${plan.sessionId}`));
  printTable(['status', 'action', 'resource', 'why'], plan.steps.map((step) => [step.status, step.action, step.resource, step.reason]));
  for (const step of plan.steps.filter((candidate) => candidate.fields && candidate.status !== 'undo')) {
    const kept = step.fields!.filter((field) => field.decision === 'keep').map((field) => field.field);
    if (kept.length > 0) printLine(`  ${paint('yellow', 'conflict')} ${step.resource}: keeps ${kept.join(', ')} (changed by someone else)`);
  }
  const radius = Object.entries(plan.blastRadius.byProvider).map(([provider, count]) => `${provider} ${count}`).join(', ');
  printLine(`blast radius: ${plan.blastRadius.resources} resources (${radius})${plan.blastRadius.actors.length ? `; people: ${plan.blastRadius.actors.join(', ')}` : ''}`);
  if (plan.residue.length > 0) {
    printLine('residue (what stays after the rollback):');
    for (const line of plan.residue) printLine(`  - ${line}`);
  }
}

export function printReport(report: RollbackReport): void {
  printTable(['outcome', 'status', 'action', 'resource'], report.steps.map((step) => [step.outcome, step.status, step.action, step.resource]));
  printLine(report.summary);
  if (report.residue.length > 0) {
    printLine('residue:');
    for (const line of report.residue) printLine(`  - ${line}`);
  }
}
