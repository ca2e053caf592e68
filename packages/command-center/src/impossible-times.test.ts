// A time typed into a page's address or form is read as the ISO time it spells, or refused: never as
// whatever JavaScript's Date makes of it ("1" is the year 2001, "2026-02-30" is 2 March). Through the
// command center's HTTP interface; what was recorded is read from the journal file with better-sqlite3.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startCommandCenter, type RunningCommandCenter } from './server.js';

let path: string;
let journal: JournalStore;
let center: RunningCommandCenter;

beforeAll(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'backspace-cc-times-')), 'journal.db');
  journal = createSqliteJournal({ path });
  // One session of triage-bot, started on 1 March 2026 and ended.
  const at1March = createRuntime({ journal, adapters: [], clock: { now: () => Date.parse('2026-03-01T12:00:00.000Z'), sleep: async () => undefined } });
  const session = await at1March.startSession({ agentId: 'triage-bot', reason: 'work the queue' });
  await at1March.endSession(session.id, { by: 'ops', reason: 'done' });
  center = await startCommandCenter({ runtime: createRuntime({ journal, adapters: [] }), operator: 'dana', port: 0 });
});

afterAll(async () => {
  await center?.close();
  await journal?.close();
});

const recorded = (type: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM entries WHERE type = ?').get(type) as { n: number }).n;
  } finally {
    db.close();
  }
};

async function csrfToken(): Promise<string> {
  const page = await (await fetch(new URL('/control', center.url))).text();
  return /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
}

describe('times in the command center', () => {
  it.each([
    ['a bare number', '1'],
    ['a month name', 'May 5'],
    ['30 February', '2026-02-30T00:00'],
    ['29 February of a year that is not a leap year', '2026-02-29T00:00'],
    ['29 February 2100 (a century, not a leap year)', '2100-02-29T00:00'],
    ['hour 24', '2026-03-01T24:00'],
  ])('the session list refuses %s as "started from" (400, naming it)', async (_name, since) => {
    const response = await fetch(new URL(`/?${new URLSearchParams({ since })}`, center.url));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('not a time');
  });

  it('the session list still takes what a datetime-local field sends, and a time with its zone', async () => {
    for (const since of ['2026-02-28T00:00', '2026-02-28T00:00:30', '2026-02-28T00:00Z', '2026-02-28T01:00+01:00']) {
      const response = await fetch(new URL(`/?${new URLSearchParams({ since })}`, center.url));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('triage-bot');
    }
  });

  it('an incident rollback "before 30 February" is refused, and the session of 1 March is not rolled back', async () => {
    const fields = { agents: 'triage-bot', correlation: '', since: '2026-02-27T00:00', until: '2026-02-30T00:00', _csrf: await csrfToken() };
    const response = await fetch(new URL('/incident/rollback', center.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(center.url).origin },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(recorded('rollback.started')).toBe(0);
  });
});
