// Commands that plan and run rollbacks, and list what can be undone: actions, plan, rollback, end.
import { InvalidArgumentError, type Command } from 'commander';
import { createRuntime, type RollbackPlan, type RollbackReport, type StepOutcome } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAdapters, namingAdapters } from '../adapters.js';
import { loadConfig } from '../config.js';
import { askYesNo, canAsk, confirmationRequired } from '../confirm.js';
import { withCommandContext, type GlobalOptions } from '../context.js';
import { requireDemoSimulators } from '../demo/simulators-check.js';
import { describeSessionResources, nameOf, withDescriptions, type Descriptions } from '../describe.js';
import { EXIT, EXIT_CODES_HELP, rollbackExitCode } from '../exit-codes.js';
import { resolveSessionId } from '../ids.js';
import { requireIntactJournal } from '../journal.js';
import { byOption } from '../operator.js';
import { paint, printFitted, printJson, printLine, printTable, type CellStyleName } from '../output.js';
import { startProgressLine } from '../progress.js';
import { securitySettings } from '../security.js';

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
    .description('dry run: steps by status, conflicts with their fields, blast radius, residue (session: its id or an unambiguous prefix)')
    .option('--force', 'plan as a forced rollback (undo even where others built on it)')
    // Read-write: planning records the outcome of writes it looks up at the provider by their key.
    .action(async (given: string, flags: { force?: boolean }, command: Command) =>
      withCommandContext(command, { access: 'write', withAdapters: true }, async ({ runtime, journal, config, options }) => {
        const sessionId = await resolveSessionId(journal, given);
        await requireIntactJournal(journal, 'plan');
        await requireDemoSimulators(journal, config, sessionId);
        const plan = await runtime.planRollback(sessionId, { force: flags.force ?? false });
        const descriptions = await describeSessionResources(journal, sessionId, await namingAdapters(config), securitySettings(config).content ?? null);
        if (options.json) return printJson({ ...plan, steps: withDescriptions(plan.steps, descriptions), byStatus: countBy(plan.steps.map((step) => step.status)) });
        printPlan(plan, descriptions);
      }),
    );

  program
    .command('rollback <session>')
    .description('undo one agent session: surgical, ordered, verified; shows the plan and asks first (session: its id or an unambiguous prefix)')
    .option('--yes', 'do not ask: roll back at once (for scripts; without a terminal, rollback refuses unless given)')
    .option('--force', 'undo even where others built on it (delete instead of the gentler inverse)')
    .option('--concurrency <n>', 'compensations in flight per provider', wholeNumber)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (given: string, flags: { yes?: boolean; force?: boolean; concurrency?: number }, command: Command) =>
      withCommandContext(command, { access: 'write', withAdapters: true }, async ({ runtime, journal, config, options }) => {
        const sessionId = await resolveSessionId(journal, given);
        // Before planning (which may record looked-up outcomes) on a journal that lies.
        await requireIntactJournal(journal, 'roll back');
        await requireDemoSimulators(journal, config, sessionId);
        const rollbackOptions = { force: flags.force ?? false, ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) };
        const plan = await runtime.planRollback(sessionId, rollbackOptions);
        const descriptions = await describeSessionResources(journal, sessionId, await namingAdapters(config), securitySettings(config).content ?? null);
        const toRun = plan.steps.filter((step) => step.compensation !== null).length;
        // Nothing to run needs nobody's yes: the rollback only records that there was nothing to undo.
        if (toRun > 0 && !flags.yes) {
          if (!canAsk(options.json ?? false)) throw confirmationRequired(`rolling back session ${sessionId} (${toRun} ${toRun === 1 ? 'step' : 'steps'} to run)`);
          printPlan(plan, descriptions);
          printLine();
          if (!(await askYesNo(`Roll back ${toRun} ${toRun === 1 ? 'step' : 'steps'} of session ${sessionId}${flags.force ? ', forced' : ''}?`))) {
            printLine('nothing was rolled back');
            process.exitCode = EXIT.refused;
            return;
          }
        }
        const progress = !options.json && process.stdout.isTTY ? startProgressLine(toRun) : null;
        let report: RollbackReport;
        try {
          report = await runtime.rollback(sessionId, { ...rollbackOptions, ...(progress ? { onProgress: progress.onProgress } : {}) });
        } finally {
          progress?.stop();
        }
        process.exitCode = rollbackExitCode(report);
        if (options.json) return printJson({ ...report, steps: withDescriptions(report.steps, descriptions) });
        printReport(report, descriptions);
      }),
    );

  program
    .command('end <session>')
    .description('end a session whose agent is gone (crashed, killed), so it can be planned and rolled back without --force')
    .addOption(byOption('who ends it, kept in the journal'))
    .option('--reason <text>', 'why')
    .action(async (given: string, flags: { by: string; reason?: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, journal, options }) => {
        const sessionId = await resolveSessionId(journal, given);
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

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const STATUS_STYLE: Record<string, CellStyleName> = { undo: 'cyan', partial: 'yellow', conflict: 'yellow', unreachable: 'red', irreversible: 'magenta', expired: 'magenta' };

export function printPlan(plan: RollbackPlan, descriptions: Descriptions = new Map()): void {
  printLine(paint('bold', `Rollback plan for session ${plan.sessionId}`));
  printTable(
    ['status', 'action', 'resource', 'why'],
    plan.steps.map((step) => [step.status, step.action, nameOf(descriptions, step.actionId, step.resource), step.reason]),
    [(status) => STATUS_STYLE[status] ?? 'dim'],
  );
  for (const step of plan.steps.filter((candidate) => candidate.fields && candidate.status !== 'undo')) {
    const kept = step.fields!.filter((field) => field.decision === 'keep').map((field) => field.field);
    if (kept.length > 0) printFitted(`  ${'conflict'} ${nameOf(descriptions, step.actionId, step.resource)}: keeps ${kept.join(', ')} (changed by someone else)`);
  }
  const radius = Object.entries(plan.blastRadius.byProvider).map(([provider, count]) => `${provider} ${count}`).join(', ');
  printFitted(`blast radius: ${plan.blastRadius.resources} resources (${radius})${plan.blastRadius.actors.length ? `; people: ${plan.blastRadius.actors.join(', ')}` : ''}`);
  if (plan.residue.length > 0) {
    printLine('residue (what stays after the rollback):');
    for (const line of plan.residue) printFitted(`  - ${line}`);
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
  printTable(
    ['outcome', 'status', 'action', 'resource'],
    report.steps.map((step) => [`${OUTCOME_MARK[step.outcome]?.mark ?? '?'} ${step.outcome}`, step.status, step.action, nameOf(descriptions, step.actionId, step.resource)]),
    [(cell) => OUTCOME_MARK[cell.slice(2) as StepOutcome]?.style, (status) => STATUS_STYLE[status] ?? 'dim'],
  );
  printLine(report.summary);
  if (report.residue.length > 0) {
    printLine('residue:');
    for (const line of report.residue) printFitted(`  - ${line}`);
  }
}
