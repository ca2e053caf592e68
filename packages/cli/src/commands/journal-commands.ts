// Commands that read the journal: sessions, show, verify.
import type { Command } from 'commander';
import { BackspaceError, auditJournal, openData, type JournalEntry } from '@backspace/core';
import { securitySettings } from '../security.js';
import { withCommandContext } from '../context.js';
import { paint, printJson, printLine, printTable } from '../output.js';

export function registerJournalCommands(program: Command): void {
  program
    .command('sessions')
    .description('list agent sessions in the journal')
    .option('--agent <agentId>', 'only this agent')
    .option('--since <time>', 'started at or after this ISO time')
    .option('--until <time>', 'started before this ISO time')
    .action(async (flags: { agent?: string; since?: string; until?: string }, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, options }) => {
        for (const [name, value] of [['--since', flags.since], ['--until', flags.until]] as const) {
          if (value !== undefined && Number.isNaN(Date.parse(value))) throw new BackspaceError('invalid_config', `${name} must be an ISO time, got "${value}"`);
        }
        const sessions = await journal.sessions({ ...(flags.agent ? { agentId: flags.agent } : {}), ...(flags.since ? { since: new Date(flags.since).toISOString() } : {}), ...(flags.until ? { until: new Date(flags.until).toISOString() } : {}) });
        if (options.json) return printJson({ sessions });
        if (sessions.length === 0) return printLine('no sessions');
        printTable(['session', 'agent', 'started', 'ended', 'actions', 'reason'], sessions.map((session) => [session.id, session.agentId, session.startedAt, session.endedAt ?? 'running', String(session.actions), session.reason ?? '']));
      }),
    );

  program
    .command('show <session>')
    .description("a session's timeline: each action with its reasoning, redacted input, outcome and compensation")
    .action(async (sessionId: string, _flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, config, options }) => {
        const { content } = securitySettings(config);
        // Sealed content opens with the configured keys; without them it shows as unreadable.
        const entries = (await journal.sessionEntries(sessionId)).map((entry) => ({ ...entry, data: openData(entry.data, entry.type, content ?? null) }));
        if (entries.length === 0) throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`);
        const timeline = toTimeline(entries);
        if (options.json) return printJson({ sessionId, timeline });
        for (const item of timeline) {
          printLine(`${paint('dim', item.at)}  ${paint('bold', item.action ?? item.type)}  ${colourOutcome(item.outcome)}`);
          if (item.reasoning) printLine(`    reasoning: ${item.reasoning}`);
          if (item.input !== undefined) printLine(`    input: ${JSON.stringify(item.input)}`);
          if (item.compensation) printLine(`    inverse: ${item.compensation}`);
          if (item.error) printLine(`    error: ${item.error}`);
        }
      }),
    );

  program
    .command('verify')
    .description("check the journal: its hash chains, and with a keyring and checkpoints configured, every entry's writer, every kill and resume, and the checkpoints")
    .action(async (_flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, config, options }) => {
        const { keyring, checkpoints } = securitySettings(config);
        const report = await auditJournal(journal, { keyring: keyring ?? null, checkpoints: checkpoints ?? null });
        if (!report.ok) process.exitCode = 1;
        if (options.json) return printJson(report);
        if (report.firstBad) printLine(`${paint('red', 'broken')}: entry ${report.firstBad.seq}: ${report.firstBad.reason}`);
        else printLine(`${report.ok ? paint('green', 'ok') : paint('red', 'problems')}: ${report.entries} entries, hash chain intact`);
        for (const problem of report.problems) printLine(`${paint('red', 'problem')}: entry ${problem.seq}: ${problem.reason}`);
        if (report.checkpoints) printLine(`checkpoints: ${report.checkpoints.checked} checked in ${report.checkpoints.file}`);
        if (!report.writersChecked) printLine(`${paint('yellow', 'note')}: writers not checked (no keyring configured): anyone who can append could have written any entry`);
        const unused = report.unusedSeqs;
        if (unused) {
          const listed = `${unused.first.join(', ')}${unused.count > unused.first.length ? ', ...' : ''}`;
          printLine(`${paint('yellow', 'note')}: ${unused.count} ${unused.count === 1 ? 'number holds' : 'numbers hold'} no entry (${listed}): appends that failed or were still in flight, or entries removed from the end of their chain`);
        }
      }),
    );
}

interface TimelineItem {
  at: string;
  type: string;
  action: string | null;
  actionId: string | null;
  outcome: string;
  reasoning?: string;
  input?: unknown;
  compensation?: string;
  error?: string;
}

const OUTCOME_OF: Record<string, string> = {
  'action.committed': 'committed',
  'action.failed': 'failed',
  'action.unknown': 'unknown',
  'action.rejected': 'rejected',
  'action.blocked': 'blocked',
  'action.awaiting-approval': 'awaiting approval',
  'compensation.committed': 'compensated',
  'compensation.failed': 'compensation failed',
};

/** One line per action (intent and outcome folded together), plus session and rollback markers. */
export function toTimeline(entries: JournalEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const byAction = new Map<string, TimelineItem>();
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    if (entry.type === 'action.intent' || !byAction.has(entry.actionId ?? '') || entry.type.startsWith('session') || entry.type.startsWith('rollback')) {
      if (entry.type === 'compensation.intent') continue;
      const item: TimelineItem = { at: entry.at, type: entry.type, action: entry.action, actionId: entry.actionId, outcome: OUTCOME_OF[entry.type] ?? (entry.type === 'action.intent' ? 'in flight' : '') };
      if (typeof data.reasoning === 'string') item.reasoning = data.reasoning;
      if (data.input !== undefined) item.input = data.input;
      if (typeof data.reason === 'string' && entry.type !== 'session.started') item.error = data.reason;
      items.push(item);
      if (entry.actionId && entry.type.startsWith('action.')) byAction.set(entry.actionId, item);
      continue;
    }
    const item = byAction.get(entry.actionId!)!;
    item.outcome = OUTCOME_OF[entry.type] ?? item.outcome;
    const compensation = data.compensation as { description?: string } | null | undefined;
    if (entry.type === 'action.committed') item.compensation = compensation?.description ?? 'none: irreversible';
    const error = data.error as { message?: string } | undefined;
    if (error?.message) item.error = error.message;
  }
  return items;
}

function colourOutcome(outcome: string): string {
  if (outcome === 'committed' || outcome === 'compensated') return paint('green', outcome);
  if (outcome.includes('failed') || outcome === 'rejected' || outcome === 'blocked' || outcome === 'unknown') return paint('red', outcome);
  return paint('yellow', outcome);
}
