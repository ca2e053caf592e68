// The session list's indexes on a journal file written before them: the next writable open adds them
// (read back from the file's own catalogue), the entries and their hash chain stay as they were, and the
// list answers the same with them as a read-only open answers without them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditJournal, listSessionPage, type JournalStore, type SessionQuery } from '@backspace/core';
import { openJournalFile } from '@backspace/testkit';
import { createSqliteJournal } from './index.js';

const LIST_INDEXES = ['entries_committed_by_session', 'entries_session_outcomes'];

/** Sessions whose providers look alike (`git` and `github`, `slack` and `slack-x`), one rolled back with a conflict. */
async function sessionsWithLookalikeProviders(store: JournalStore): Promise<void> {
  const session = async (id: string, actions: string[], outcome: 'ended' | 'rolled-back' | 'running') => {
    await store.append({ type: 'session.started', sessionId: id, agentId: 'triage', data: { reason: id } });
    for (const [index, action] of actions.entries()) await store.append({ type: 'action.committed', sessionId: id, actionId: `${id}-${index}`, action, resource: `${action.split('.')[0]}.thing:${id}-${index}`, data: {} });
    if (outcome !== 'running') await store.append({ type: 'session.ended', sessionId: id, data: {} });
    if (outcome === 'rolled-back') await store.append({ type: 'rollback.finished', sessionId: id, data: { rollbackId: `r-${id}`, byOutcome: { verified: 1, conflict: 2 } } });
  };
  await session('s-github', ['github.issue.create', 'github.issue.update'], 'rolled-back');
  await session('s-slack-x', ['slack-x.message.post'], 'ended');
  await session('s-slack', ['slack.message.post', 'github.issue.create'], 'ended');
  await session('s-none', [], 'running');
}

function indexesOf(path: string): string[] {
  const db = openJournalFile(path, { readOnly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (?, ?) ORDER BY name").all(...LIST_INDEXES) as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

const QUERIES: Partial<SessionQuery>[] = [{}, { provider: 'slack' }, { provider: 'slack-x' }, { provider: 'git' }, { provider: 'github' }, { status: 'running' }, { status: 'ended' }, { status: 'rolled-back' }, { hasConflicts: true }, { hasConflicts: false }];

async function answers(store: JournalStore): Promise<unknown[]> {
  return Promise.all(QUERIES.map(async (query) => (await listSessionPage(store, { limit: 10, ...query })).sessions.map(({ id, status, providers, conflicts, actions }) => ({ id, status, providers, conflicts, actions }))));
}

describe('the session list on an older journal file', () => {
  it('gains its indexes on the next writable open, keeps the chain verifiable, and lists the same as without them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'backspace-session-page-')), 'journal.db');
    const first = createSqliteJournal({ path });
    await sessionsWithLookalikeProviders(first);
    await first.close();
    // The file as code before these indexes left it: the same entries, without the indexes.
    const older = openJournalFile(path);
    for (const name of LIST_INDEXES) older.exec(`DROP INDEX ${name}`);
    older.close();
    expect(indexesOf(path)).toEqual([]);

    // A read-only open never writes the file: no index, the list read the slow way.
    const readOnly = createSqliteJournal({ path, readOnly: true });
    const withoutIndexes = await answers(readOnly);
    await readOnly.close();
    expect(indexesOf(path)).toEqual([]);

    const reopened = createSqliteJournal({ path });
    expect(indexesOf(path)).toEqual(LIST_INDEXES);
    expect(await answers(reopened)).toEqual(withoutIndexes);
    const ids = async (query: Partial<SessionQuery>) => (await listSessionPage(reopened, { limit: 10, ...query })).sessions.map((session) => session.id);
    expect(await ids({ provider: 'slack' })).toEqual(['s-slack']);
    expect(await ids({ provider: 'slack-x' })).toEqual(['s-slack-x']);
    expect(await ids({ provider: 'git' })).toEqual([]);
    expect(await ids({ provider: 'github' })).toEqual(['s-slack', 's-github']);
    expect(await ids({ status: 'running' })).toEqual(['s-none']);
    expect(await ids({ hasConflicts: true })).toEqual(['s-github']);
    const audit = await auditJournal(reopened);
    expect(audit.ok, JSON.stringify(audit.firstBad ?? audit.problems)).toBe(true);
    expect(audit.entries).toBe(13);
    await reopened.close();
  });
});
