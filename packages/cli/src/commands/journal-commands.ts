// Commands that read the journal: sessions, show, verify.
import type { Command } from 'commander';
import { BackspaceError, auditJournal, openData, type JournalEntry, type ResourceDescription } from '@backspace/core';
import { namingAdapters } from '../adapters.js';
import { describeEntries, namesFor } from '../describe.js';
import { findAction, findSession } from '../ids.js';
import { securitySettings } from '../security.js';
import { withCommandContext } from '../context.js';
import { paint, printFitted, printJson, printLine, printTable } from '../output.js';
import { parseTime } from '../time.js';

export function registerJournalCommands(program: Command): void {
  program
    .command('sessions')
    .description('list agent sessions in the journal')
    .option('--agent <agentId>', 'only this agent')
    .option('--since <time>', 'started at or after this time: ISO (2026-03-01T09:00Z), a time ago (30m, 2h, 7d), today or yesterday')
    .option('--until <time>', 'started before this time (the same forms)')
    .action(async (flags: { agent?: string; since?: string; until?: string }, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, options }) => {
        const since = flags.since === undefined ? undefined : parseTime('--since', flags.since);
        const until = flags.until === undefined ? undefined : parseTime('--until', flags.until);
        const sessions = await journal.sessions({ ...(flags.agent ? { agentId: flags.agent } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}) });
        if (options.json) return printJson({ sessions });
        if (sessions.length === 0) return printLine('no sessions');
        printTable(['session', 'agent', 'started', 'ended', 'actions', 'reason'], sessions.map((session) => [session.id, session.agentId, session.startedAt, session.endedAt ?? 'running', String(session.actions), session.reason ?? '']), [
          undefined,
          undefined,
          undefined,
          (ended) => (ended === 'running' ? 'yellow' : undefined),
        ]);
      }),
    );

  program
    .command('show <id>')
    .description("a session's timeline (each action with its reasoning, redacted input, outcome and inverse), or one action's; id: a session's or an action's id, or an unambiguous prefix")
    .action(async (given: string, _flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, config, options }) => {
        const { content } = securitySettings(config);
        const session = await findSession(journal, given);
        const action = session ? null : await findAction(journal, given);
        const sessionId = session?.id ?? action?.sessionId;
        if (!sessionId) throw new BackspaceError('session_not_found', `no session or action ${given} in the journal`, { details: { id: given } });
        // Sealed content opens with the configured keys; without them it shows as unreadable.
        const entries = (await journal.sessionEntries(sessionId)).map((entry) => ({ ...entry, data: openData(entry.data, entry.type, content ?? null) }));
        const resources = entries.flatMap((entry) => (entry.resource && entry.type.startsWith('action.') ? [entry.resource] : []));
        const descriptions = describeEntries(entries, await namingAdapters(config), content ?? null, await namesFor(config, resources));
        const timeline = toTimeline(entries, descriptions).filter((item) => !action || item.actionId === action.actionId);
        if (options.json) return printJson({ sessionId, ...(action ? { actionId: action.actionId } : {}), timeline });
        if (action) printLine(paint('bold', `action ${action.actionId} in session ${sessionId}`));
        for (const item of timeline) printTimelineItem(item);
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
        if (report.pruned) printLine(`pruned: the journal starts after entry ${report.pruned.throughSeq} (${report.pruned.entriesThrough} entries removed by prunes, the last at ${report.pruned.at}${report.pruned.writer ? ` by ${report.pruned.writer}` : ''})`);
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
  /** The raw resource key; `described` names it as people know it. */
  resource?: string;
  described?: ResourceDescription;
  outcome: string;
  reasoning?: string;
  input?: unknown;
  compensation?: string;
  error?: string;
  /** A supervisor's finding or response: which finding, and what it says. */
  note?: string;
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
export function toTimeline(entries: JournalEntry[], descriptions: Map<string, ResourceDescription> = new Map()): TimelineItem[] {
  const items: TimelineItem[] = [];
  const byAction = new Map<string, TimelineItem>();
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    // The supervisor's audits are one per action; its findings and what it did are what a reader needs.
    if (entry.type === 'supervisor.audit') continue;
    if (entry.type.startsWith('supervisor.')) {
      const response = (data.response ?? {}) as { kind?: string };
      const outcome = entry.type === 'supervisor.finding' ? `${String(data.trigger)} ${String(data.verdict)}` : entry.type === 'supervisor.response' ? String(response.kind ?? '') : 'false alarm';
      items.push({ at: entry.at, type: entry.type, action: entry.type, actionId: null, outcome, note: `finding ${String(data.findingId ?? '').slice(0, 8)}${typeof data.summary === 'string' ? `: ${data.summary}` : typeof data.reason === 'string' ? `: ${data.reason}` : ''}` });
      continue;
    }
    if (entry.type === 'action.intent' || !byAction.has(entry.actionId ?? '') || entry.type.startsWith('session') || entry.type.startsWith('rollback')) {
      if (entry.type === 'compensation.intent') continue;
      const item: TimelineItem = { at: entry.at, type: entry.type, action: entry.action, actionId: entry.actionId, outcome: OUTCOME_OF[entry.type] ?? (entry.type === 'action.intent' ? 'in flight' : '') };
      if (entry.resource && entry.type.startsWith('action.')) item.resource = entry.resource;
      const described = entry.actionId ? descriptions.get(entry.actionId) : undefined;
      if (described && entry.type.startsWith('action.')) item.described = described;
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

/** One action's lines, each cut to the output's width (the whole input is in --json). */
function printTimelineItem(item: TimelineItem): void {
  const name = item.described?.label ?? item.resource;
  printLine(`${paint('dim', item.at)}  ${paint('bold', item.action ?? item.type)}  ${colourOutcome(item.outcome)}`);
  if (name) printFitted(`    on: ${name}${item.described?.url ? ` (${item.described.url})` : ''}`);
  if (item.reasoning) printFitted(`    reasoning: ${item.reasoning}`);
  if (item.input !== undefined) printFitted(`    input: ${JSON.stringify(item.input)}`);
  if (item.compensation) printFitted(`    inverse: ${item.compensation}`);
  if (item.error) printFitted(`    error: ${item.error}`);
  if (item.note) printFitted(`    ${item.note}`);
}

function colourOutcome(outcome: string): string {
  if (outcome === 'committed' || outcome === 'compensated') return paint('green', outcome);
  if (outcome.includes('failed') || outcome === 'rejected' || outcome === 'blocked' || outcome === 'unknown') return paint('red', outcome);
  return paint('yellow', outcome);
}
