// A session whose agent is still running cannot be planned (its agent may still write): the plan page
// says so and how to go on (`backspace end`), as a conflict with the session's state (409), not as a
// server fault (500). Through the command center's HTTP interface; the journal file is read back with
// better-sqlite3 to show the page planned nothing and recorded nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { escapeHtml } from './html.js';
import { startCommandCenter, type RunningCommandCenter } from './server.js';

const opened: { journal: JournalStore; center: RunningCommandCenter }[] = [];
afterEach(async () => {
  for (const { journal, center } of opened.splice(0)) {
    await center.close();
    await journal.close();
  }
});

const entryTypes = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT type FROM entries ORDER BY seq').all() as { type: string }[]).map((row) => row.type);
  } finally {
    db.close();
  }
};

it('the plan page of a running session answers 409 with what to do, not 500', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'backspace-cc-running-')), 'journal.db');
  const journal = createSqliteJournal({ path });
  const runtime = createRuntime({ journal, adapters: [] });
  const session = await runtime.startSession({ agentId: 'triage-bot', reason: 'work the queue' });
  const center = await startCommandCenter({ runtime, operator: 'dana', port: 0 });
  opened.push({ journal, center });

  const response = await fetch(new URL(`/sessions/${session.id}/plan`, center.url));
  const page = await response.text();
  expect(response.status).toBe(409);
  expect(page).toContain(escapeHtml(`session ${session.id} is still running`));
  expect(page).toContain(escapeHtml(`backspace end ${session.id}`));
  expect(page).toContain('session_active');
  expect(page).not.toContain('unexpected error');
  expect(entryTypes(path)).toEqual(['session.started']);
});
