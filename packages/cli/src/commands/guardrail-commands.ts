// Operator commands for guardrails: kill (and the kills in force), resume, approvals (list, approve, deny).
import type { Command } from 'commander';
import type { JournalStore, KillScope } from '@backspace/core';
import { askYesNo, canAsk, confirmationRequired } from '../confirm.js';
import { withCommandContext } from '../context.js';
import { EXIT, rollbackExitCode } from '../exit-codes.js';
import { byOption } from '../operator.js';
import { paint, printJson, printLine, printTable } from '../output.js';
import { printReport } from '../plan-output.js';
import { printWaiting } from './run-rollback.js';
import { describeScope, killTarget, killToLift, scopeOf, type ScopeFlags } from './kill-targets.js';

export function registerGuardrailCommands(program: Command): void {
  const scoped = (command: Command) => command.option('--all', 'every agent').option('--agent <agentId>', 'one agent (one with sessions in the journal)').option('--session <sessionId>', 'one session: its id or an unambiguous prefix');

  scoped(program.command('kill').description('make every later action in scope fail fast, in every process sharing the journal; --list shows the kills in force'))
    .option('--list', 'list the kills in force instead')
    .option('--reason <reason>', 'why (needed to kill)')
    .addOption(byOption('who pulls the switch'))
    .option('--rollback', 'also roll back the sessions in scope (needs their adapters configured); asks first on a terminal')
    .option('--yes', 'with --rollback: do not ask (for scripts; without a terminal, kill --rollback refuses unless given)')
    .action(async (flags: ScopeFlags & { list?: boolean; reason?: string; by: string; rollback?: boolean; yes?: boolean }, command: Command) => {
      if (flags.list) return listKills(command);
      const scope = scopeOf(flags);
      if (!flags.reason) command.error("error: required option '--reason <reason>' not specified", { code: 'commander.missingMandatoryOptionValue' });
      await withCommandContext(command, { access: 'write', withAdapters: flags.rollback ?? false }, async ({ runtime, journal, options }) => {
        const target = await killTarget(journal, scope);
        if (flags.rollback && !flags.yes) {
          // Like `rollback`: a person says yes first, a script says --yes; nothing is killed on a no.
          const sessions = await sessionsInScope(journal, target);
          const what = `killing ${describeScope(target)} and rolling back its ${sessions.length} session(s)`;
          if (!canAsk(options.json ?? false)) throw confirmationRequired(`${what}; nothing was killed (kill without --rollback to only stop it)`);
          for (const session of sessions) printLine(`  session ${session.id} (${session.agentId}, started ${session.startedAt}, ${session.actions} action(s))`);
          if (!(await askYesNo(`Kill ${describeScope(target)} and roll back these ${sessions.length} session(s)?`))) {
            printLine('nothing was killed or rolled back');
            process.exitCode = EXIT.refused;
            return;
          }
        }
        const { rolledBack } = await runtime.kill({ scope: target, reason: flags.reason!, by: flags.by, rollback: flags.rollback ?? false, rollbackOptions: { onWaiting: printWaiting } });
        // What a rollback left (conflicts, failures) sets the exit code, as `rollback` does.
        process.exitCode = Math.max(EXIT.ok, ...rolledBack.map(rollbackExitCode));
        if (options.json) return printJson({ killed: target, rolledBack: rolledBack.map((report) => ({ sessions: report.sessions, byOutcome: report.byOutcome, counts: report.counts, residue: report.residue })) });
        printLine(`${paint('red', 'killed')}: ${describeScope(target)} (${flags.reason}), by ${flags.by}`);
        for (const report of rolledBack) {
          printLine();
          printLine(`rolled back ${report.sessions.length === 1 ? 'session' : `${report.sessions.length} sessions as one`} ${report.sessions.join(', ')}:`);
          printReport(report);
        }
      });
    });

  scoped(program.command('resume').description('lift a kill in force (`backspace kill --list` shows them)'))
    .addOption(byOption('who lifts it'))
    .option('--reason <reason>', 'why')
    .action(async (flags: ScopeFlags & { by: string; reason?: string }, command: Command) => {
      const scope = scopeOf(flags);
      await withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        const lifted = killToLift(await runtime.activeKills(), scope);
        await runtime.resume({ scope: lifted.scope, by: flags.by, ...(flags.reason ? { reason: flags.reason } : {}) });
        if (options.json) return printJson({ resumed: lifted.scope });
        printLine(`${paint('green', 'resumed')}: ${describeScope(lifted.scope)}, by ${flags.by}`);
      });
    });

  const approvals = program.command('approvals').description('actions waiting for a human');
  approvals
    .command('list', { isDefault: true })
    .description('requests waiting for a decision')
    .action(async (_flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ runtime, options }) => {
        const requests = await runtime.approvals.list();
        if (options.json) return printJson({ requests });
        if (requests.length === 0) return printLine('no approvals waiting');
        printTable(['request', 'action', 'agent', 'rule', 'reason'], requests.map((request) => [request.requestId, request.action ?? '', request.agentId ?? '', request.rule, request.reason]));
      }),
    );
  approvals
    .command('approve <requestId>')
    .addOption(byOption('who approves'))
    .option('--note <note>', 'a note kept with the decision')
    .action(async (requestId: string, flags: { by: string; note?: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        await runtime.approvals.approve(requestId, { by: flags.by, ...(flags.note ? { note: flags.note } : {}) });
        if (options.json) return printJson({ approved: requestId });
        printLine(`${paint('green', 'approved')} ${requestId}: the agent's retry of the same call will run it`);
      }),
    );
  approvals
    .command('deny <requestId>')
    .addOption(byOption('who denies'))
    .requiredOption('--reason <reason>', 'why')
    .action(async (requestId: string, flags: { by: string; reason: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        await runtime.approvals.deny(requestId, { by: flags.by, reason: flags.reason });
        if (options.json) return printJson({ denied: requestId });
        printLine(`${paint('red', 'denied')} ${requestId}`);
      }),
    );
}

/** The sessions `kill --rollback` would roll back: those of the scope the journal holds. */
async function sessionsInScope(journal: JournalStore, scope: KillScope) {
  const sessions = await journal.sessions(typeof scope === 'object' && 'agentId' in scope ? { agentId: scope.agentId } : {});
  return sessions.filter((session) => scope === 'all' || !('sessionId' in scope) || session.id === scope.sessionId);
}

/** The kills in force: what stops which agents now, since when and why. */
async function listKills(command: Command): Promise<void> {
  await withCommandContext(command, { access: 'read' }, async ({ runtime, options }) => {
    const kills = await runtime.activeKills();
    if (options.json) return printJson({ kills });
    if (kills.length === 0) return printLine('no kills in force');
    printTable(['scope', 'since', 'by', 'reason'], kills.map((kill) => [describeScope(kill.scope), kill.at, kill.by, kill.reason]), [() => 'red']);
  });
}
