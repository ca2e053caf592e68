// Commands that plan and run rollbacks, and list what can be undone: actions, plan, rollback, end.
import { InvalidArgumentError, type Command } from 'commander';
import { createRuntime, type PlanOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAdapters } from '../adapters.js';
import { loadConfig } from '../config.js';
import { withCommandContext, type CommandContext, type GlobalOptions } from '../context.js';
import { requireDemoSimulators } from '../demo/simulators-check.js';
import { describePlan, withDescriptions } from '../describe.js';
import { EXIT_CODES_HELP } from '../exit-codes.js';
import { resolveSessionId } from '../ids.js';
import { requireIntactJournal } from '../journal.js';
import { byOption } from '../operator.js';
import { printJson, printLine, printTable } from '../output.js';
import { countBy, printPlan } from '../plan-output.js';
import { securitySettings } from '../security.js';
import { selectionFrom, withSelectionOptions, type SelectionFlags } from '../selection.js';
import { confirmAndRollBack } from './run-rollback.js';

export function registerRollbackCommands(program: Command): void {
  program
    .command('actions')
    .description('every registered action with its provider and reversibility class')
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const adapters = await createAdapters(await loadConfig(options.config), { listing: true });
      const actions = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters }).listActions();
      if (options.json) return printJson({ actions });
      printTable(['action', 'provider', 'reversibility', 'description'], actions.map((action) => [action.name, action.provider, action.reversibility, action.description]));
    });

  withSelectionOptions(
    program
      .command('plan <session>')
      .description('dry run: steps by status, conflicts with their fields, later sessions built on it (cascades), blast radius, residue (session: its id or an unambiguous prefix)')
      .option('--force', 'plan as a forced rollback (undo even where others built on it)'),
  )
    // Read-only: a dry run looks nothing up and records nothing (`settle: false`); writes whose outcome
    // the journal lacks are listed as settled when the rollback runs.
    .action(async (given: string, flags: SelectionFlags & { force?: boolean }, command: Command) =>
      withCommandContext(command, { access: 'read', withAdapters: true }, async (context) => {
        const sessionId = await resolveSessionId(context.journal, given);
        await requireIntactJournal(context.journal, 'plan');
        await requireDemoSimulators(context.journal, context.config, sessionId);
        const plan = await context.runtime.planRollback(sessionId, { ...(await planOptionsFrom(context, flags)), settle: false });
        const { descriptions, people } = await describePlan(context.journal, plan, context.config, securitySettings(context.config).content ?? null);
        if (context.options.json) return printJson({ ...plan, steps: withDescriptions(plan.steps, descriptions), byStatus: countBy(plan.steps.map((step) => step.status)) });
        printPlan(plan, descriptions, people);
      }),
    );

  withSelectionOptions(
    program
      .command('rollback <session>')
      .description('undo one agent session, or part of it: surgical, ordered, verified; shows the plan and asks first (session: its id or an unambiguous prefix)')
      .option('--yes', 'do not ask: roll back at once (for scripts; without a terminal, rollback refuses unless given)')
      .option('--force', 'undo even where others built on it (delete instead of the gentler inverse)')
      .option('--concurrency <n>', 'compensations in flight per provider', wholeNumber)
      .addHelpText('after', EXIT_CODES_HELP),
  ).action(async (given: string, flags: SelectionFlags & { yes?: boolean; force?: boolean; concurrency?: number }, command: Command) =>
    withCommandContext(command, { access: 'write', withAdapters: true }, async (context) => {
      const { runtime, journal, config, options } = context;
      const sessionId = await resolveSessionId(journal, given);
      // Before planning (which may record looked-up outcomes) on a journal that lies.
      await requireIntactJournal(journal, 'roll back');
      await requireDemoSimulators(journal, config, sessionId);
      const rollbackOptions = { ...(await planOptionsFrom(context, flags)), ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) };
      const plan = await runtime.planRollback(sessionId, rollbackOptions);
      const { descriptions, people } = await describePlan(journal, plan, config, securitySettings(config).content ?? null);
      await confirmAndRollBack({
        plan,
        descriptions,
        people,
        what: plan.sessions.length > 1 ? `session ${sessionId} and ${plan.sessions.length - 1} later session(s) built on it` : `session ${sessionId}`,
        yes: flags.yes ?? false,
        force: flags.force ?? false,
        json: options.json ?? false,
        run: (hooks) => runtime.rollback(sessionId, { ...rollbackOptions, ...hooks }),
      });
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

/** What the flags ask of planning: forced or not, a selection, cascades listed or included. */
export async function planOptionsFrom({ config }: CommandContext, flags: SelectionFlags & { force?: boolean }, { window = true } = {}): Promise<PlanOptions> {
  const select = await selectionFrom(flags, () => createAdapters(config), { window });
  return { force: flags.force ?? false, cascades: flags.includeCascades ? 'include' : 'list', ...(select ? { select } : {}) };
}

/** Parses a count option; anything but a whole number of at least 1 is a usage error. */
export function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('give a whole number of at least 1');
  return parsed;
}
