// `backspace incident plan|rollback`: every session of one or more agents in a time window, or sharing a
// correlation id, or the sessions named, planned and rolled back as one: newest step first across
// sessions, one report.
import { Option, type Command } from 'commander';
import { describeIncident, type IncidentScope } from '@backspace/core';
import { withCommandContext, type CommandContext } from '../context.js';
import { requireDemoSimulators } from '../demo/simulators-check.js';
import { describePlan, withDescriptions } from '../describe.js';
import { EXIT_CODES_HELP } from '../exit-codes.js';
import { requireIntactJournal } from '../journal.js';
import { printJson } from '../output.js';
import { countBy, printPlan } from '../plan-output.js';
import { securitySettings } from '../security.js';
import { withSelectionOptions, type SelectionFlags } from '../selection.js';
import { parseTime } from '../time.js';
import { resolveSessionId } from '../ids.js';
import { planOptionsFrom, wholeNumber } from './rollback-commands.js';
import { confirmAndRollBack } from './run-rollback.js';

interface IncidentFlags extends SelectionFlags {
  agent?: string[];
  session?: string[];
  correlation?: string;
  force?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];

/** The incident's scope options; selection options narrow its steps (by action, provider, resource). */
function withIncidentOptions(command: Command): Command {
  command
    .addOption(new Option('--agent <agentId>', 'the incident takes in this agent\'s sessions (repeat, or separate with commas)').argParser(collect))
    .addOption(new Option('--session <id>', 'the incident takes in this session: its id or a prefix (repeat, or separate with commas)').argParser(collect))
    .option('--correlation <id>', 'the sessions sharing this correlation id')
    .option('--since <time>', 'sessions started at or after this time: ISO, a time ago (30m, 2h, 7d), today or yesterday')
    .option('--until <time>', 'sessions started before this time (the same forms)')
    .option('--force', 'undo even where others built on it (delete instead of the gentler inverse)');
  return withSelectionOptions(command, { window: false });
}

/** The incident's scope from the flags, each session named by its id or a prefix resolved in the journal. */
async function scopeOf(journal: CommandContext['journal'], flags: IncidentFlags): Promise<IncidentScope> {
  const sessions = flags.session?.length ? await Promise.all(flags.session.map((given) => resolveSessionId(journal, given))) : [];
  return {
    ...(flags.agent?.length ? { agents: flags.agent } : {}),
    ...(sessions.length ? { sessions } : {}),
    ...(flags.correlation ? { correlationId: flags.correlation } : {}),
    ...(flags.since ? { since: parseTime('--since', flags.since) } : {}),
    ...(flags.until ? { until: parseTime('--until', flags.until) } : {}),
  };
}

/** Checks what planning needs: an intact journal, and for demo sessions their simulators running. */
async function prepare({ journal, config }: CommandContext, scope: IncidentScope, doing: string): Promise<void> {
  await requireIntactJournal(journal, doing);
  for (const session of await journal.sessions()) {
    const named = (scope.agents?.includes(session.agentId) ?? true) && (scope.sessions?.includes(session.id) ?? true);
    if (named && (!scope.correlationId || session.correlationId === scope.correlationId)) await requireDemoSimulators(journal, config, session.id);
  }
}

export function registerIncidentCommands(program: Command): void {
  const incident = program.command('incident').description('roll back an incident: every session of some agents in a time window, or sharing a correlation id, or the sessions named, as one');

  withIncidentOptions(incident.command('plan').description('dry run of the incident: steps newest first across its sessions, cascades, blast radius, residue')).action(
    // Read-only, a dry run: nothing looked up by key, nothing recorded (see `backspace plan`).
    async (flags: IncidentFlags, command: Command) =>
      withCommandContext(command, { access: 'read', withAdapters: true }, async (context) => {
        const scope = await scopeOf(context.journal, flags);
        await prepare(context, scope, 'plan');
        const plan = await context.runtime.planIncident(scope, { ...(await planOptionsFrom(context, flags, { window: false })), settle: false });
        const { descriptions, people } = await describePlan(context.journal, plan, context.config, securitySettings(context.config).content ?? null);
        if (context.options.json) return printJson({ incident: scope, ...plan, steps: withDescriptions(plan.steps, descriptions), byStatus: countBy(plan.steps.map((step) => step.status)) });
        printPlan(plan, descriptions, people);
      }),
  );

  withIncidentOptions(
    incident
      .command('rollback')
      .description('undo every session of the incident as one, each session locked while it runs; shows the plan and asks first')
      .option('--yes', 'do not ask: roll back at once (for scripts; without a terminal, it refuses unless given)')
      .option('--concurrency <n>', 'compensations in flight per provider', wholeNumber)
      .addHelpText('after', EXIT_CODES_HELP),
  ).action(async (flags: IncidentFlags & { yes?: boolean; concurrency?: number }, command: Command) =>
    withCommandContext(command, { access: 'write', withAdapters: true }, async (context) => {
      const scope = await scopeOf(context.journal, flags);
      await prepare(context, scope, 'roll back');
      const rollbackOptions = { ...(await planOptionsFrom(context, flags, { window: false })), ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) };
      const plan = await context.runtime.planIncident(scope, rollbackOptions);
      const { descriptions, people } = await describePlan(context.journal, plan, context.config, securitySettings(context.config).content ?? null);
      await confirmAndRollBack({
        plan,
        descriptions,
        people,
        what: `the incident (${describeIncident(scope)}: ${plan.sessions.length} session(s))`,
        yes: flags.yes ?? false,
        force: flags.force ?? false,
        json: context.options.json ?? false,
        run: (hooks) => context.runtime.rollbackIncident(scope, { ...rollbackOptions, ...hooks }),
      });
    }),
  );
}
