// `backspace history <resource>`: every journaled state of one resource over time (before and after each
// agent write, each undo's outcome), by resource key or by a link into the provider's app.
import type { Command } from 'commander';
import { describeResource, openData, parseResourceKey, type Adapter, type ContentProtection, type Json, type JournalEntry, type Snapshot } from '@backspace/core';
import { createAdapters, namingAdapters } from '../adapters.js';
import { withCommandContext } from '../context.js';
import { namesFor, peopleNamed } from '../describe.js';
import { paint, printFitted, printJson, printLine, printTable } from '../output.js';
import { securitySettings } from '../security.js';
import { resourceKeyOf } from '../selection.js';

export interface HistoryItem {
  at: string;
  sessionId: string | null;
  agentId: string | null;
  actionId: string | null;
  action: string | null;
  /** `before`, `after`, `failed`, `unknown`, `undone`, `undo failed`, ... */
  event: string;
  /** The resource's state at that point, where the journal holds it (absent: `{ absent: true }`). */
  state?: Json;
  note?: string;
}

export function registerHistoryCommand(program: Command): void {
  program
    .command('history <resource>')
    .description("every journaled state of one resource over time: before and after each agent's write, each undo's outcome (resource: its key, e.g. github.issue:octo/widgets#12, or a link to it)")
    .action(async (given: string, _flags: unknown, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ journal, config, options }) => {
        const key = await resourceKeyOf(given, () => createAdapters(config));
        const { content } = securitySettings(config);
        const history = toHistory(await journal.resourceEntries(key), content ?? null);
        const adapters = await namingAdapters(config);
        const people = peopleIn(key, history, adapters);
        // One ask of the adapters for what this prints: the ids its key carries, and the people in its states.
        const names = await namesFor(config, [key], people);
        const described = describeResource(adapters, key, latestState(history), names);
        if (options.json) return printJson({ resource: key, ...(described ? { described } : {}), history });
        printLine(paint('bold', `history of ${described?.label ?? key}`) + (described ? ` (${key})` : ''));
        if (described?.url) printFitted(`  ${described.url}`);
        const named = peopleNamed(names, people);
        if (people.length > 0) printFitted(`people: ${people.map((id) => named.get(id) ?? id).join(', ')}`);
        if (history.length === 0) return printLine('the journal holds no write on it (pruned, or never touched through Backspace)');
        printTable(
          ['at', 'session', 'agent', 'event', 'state'],
          history.map((item) => [item.at, item.sessionId?.slice(0, 8) ?? '', item.agentId ?? '', `${item.event}${item.action ? ` ${item.action}` : ''}`, item.note ?? (item.state === undefined ? '' : JSON.stringify(item.state))]),
          [undefined, undefined, undefined, (event) => (event.startsWith('undone') ? 'green' : event.includes('fail') || event.startsWith('unknown') ? 'red' : undefined)],
        );
      }),
    );
}

/** One item per journaled state: an intent's pre-state, a commit's post-state, a compensation's outcome. */
export function toHistory(entries: JournalEntry[], content: ContentProtection | null): HistoryItem[] {
  const expected = new Map<string, Json>();
  const items: HistoryItem[] = [];
  for (const entry of entries) {
    const data = (openData(entry.data, entry.type, content) ?? {}) as Record<string, Json>;
    const base = { at: entry.at, sessionId: entry.sessionId, agentId: entry.agentId, actionId: entry.actionId, action: entry.action };
    switch (entry.type) {
      case 'action.intent':
        items.push({ ...base, event: 'before', state: data.pre ?? null });
        break;
      case 'action.committed':
        items.push({ ...base, event: 'after', state: data.post ?? null });
        break;
      case 'action.failed':
        items.push({ ...base, event: 'failed', note: messageOf(data.error) ?? 'the provider refused it: nothing changed' });
        break;
      case 'action.unknown':
        items.push({ ...base, event: 'unknown', note: messageOf(data.error) ?? 'the write may have landed; planning looks it up' });
        break;
      case 'compensation.intent': {
        const compensation = data.compensation as { expect?: { absent?: true; fields?: Json } } | null;
        if (compensation?.expect && entry.actionId) expected.set(entry.actionId, compensation.expect.absent ? { absent: true } : (compensation.expect.fields ?? null));
        break;
      }
      case 'compensation.committed':
        items.push({ ...base, event: data.remedy === 'gentler' ? 'undone (gentler)' : 'undone', ...(entry.actionId && expected.has(entry.actionId) ? { state: expected.get(entry.actionId)! } : {}) });
        break;
      case 'compensation.failed':
        // A conflict the inverse found as it ran changed nothing: left in place, not failed.
        items.push({ ...base, event: data.conflict === true ? 'left in place' : 'undo failed', note: messageOf(data.error) ?? 'failed' });
        break;
      default:
        break;
    }
  }
  return items;
}

const messageOf = (error: Json | undefined): string | undefined => (error && typeof error === 'object' && !Array.isArray(error) && typeof error.message === 'string' ? error.message : undefined);

/** The resource's latest journaled state (not its absence), what describe() names it from. */
function latestState(history: HistoryItem[]): Snapshot | null {
  const latest = [...history].reverse().find((item) => isSnapshot(item.state) && !('absent' in item.state));
  return (latest?.state as Snapshot | undefined) ?? null;
}

/** Who saw or touched the resource in any journaled state (its adapter's actors()), in order of first sight. */
function peopleIn(key: string, history: HistoryItem[], adapters: Adapter[]): string[] {
  try {
    const adapter = adapters.find((candidate) => candidate.provider === parseResourceKey(key).provider);
    if (!adapter?.actors) return [];
    return [...new Set(history.flatMap((item) => (isSnapshot(item.state) && !('absent' in item.state) ? adapter.actors!(item.state as Snapshot) : [])))];
  } catch {
    // A key or a state the adapter cannot read (another version's) names no one.
    return [];
  }
}

const isSnapshot = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);
