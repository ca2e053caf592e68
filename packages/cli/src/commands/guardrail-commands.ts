// Operator commands for guardrails: kill, resume, approvals (list, approve, deny).
import type { Command } from 'commander';
import { BackspaceError, type KillScope } from '@backspace/core';
import { withCommandContext } from '../context.js';
import { paint, printJson, printLine, printTable } from '../output.js';

interface ScopeFlags {
  all?: boolean;
  agent?: string;
  session?: string;
}

function scopeOf(flags: ScopeFlags): KillScope {
  const given = [flags.all, flags.agent, flags.session].filter((value) => value !== undefined && value !== false);
  if (given.length !== 1) throw new BackspaceError('invalid_config', 'give exactly one of --all, --agent <agentId>, --session <sessionId>');
  if (flags.all) return 'all';
  return flags.agent ? { agentId: flags.agent } : { sessionId: flags.session! };
}

export function registerGuardrailCommands(program: Command): void {
  const scoped = (command: Command) => command.option('--all', 'every agent').option('--agent <agentId>', 'one agent').option('--session <sessionId>', 'one session');

  scoped(program.command('kill').description('make every later action in scope fail fast, in every process sharing the journal'))
    .requiredOption('--reason <reason>', 'why')
    .requiredOption('--by <who>', 'who pulls the switch')
    .option('--rollback', 'also roll back the sessions in scope (needs their adapters configured)')
    .action(async (flags: ScopeFlags & { reason: string; by: string; rollback?: boolean }, command: Command) => {
      const scope = scopeOf(flags);
      await withCommandContext(command, { access: 'write', withAdapters: flags.rollback ?? false }, async ({ runtime, options }) => {
        const { rolledBack } = await runtime.kill({ scope, reason: flags.reason, by: flags.by, rollback: flags.rollback ?? false });
        if (options.json) return printJson({ killed: scope, rolledBack: rolledBack.map((report) => ({ sessionId: report.sessionId, byOutcome: report.byOutcome })) });
        printLine(`${paint('red', 'killed')}: ${JSON.stringify(scope)} (${flags.reason})`);
      });
    });

  scoped(program.command('resume').description('lift a kill switch'))
    .requiredOption('--by <who>', 'who lifts it')
    .option('--reason <reason>', 'why')
    .action(async (flags: ScopeFlags & { by: string; reason?: string }, command: Command) => {
      const scope = scopeOf(flags);
      await withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        await runtime.resume({ scope, by: flags.by, ...(flags.reason ? { reason: flags.reason } : {}) });
        if (options.json) return printJson({ resumed: scope });
        printLine(`${paint('green', 'resumed')}: ${JSON.stringify(scope)}`);
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
    .requiredOption('--by <who>', 'who approves')
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
    .requiredOption('--by <who>', 'who denies')
    .requiredOption('--reason <reason>', 'why')
    .action(async (requestId: string, flags: { by: string; reason: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        await runtime.approvals.deny(requestId, { by: flags.by, reason: flags.reason });
        if (options.json) return printJson({ denied: requestId });
        printLine(`${paint('red', 'denied')} ${requestId}`);
      }),
    );
}
