// What the command center answers, over real HTTP, when the runtime refuses with a Backspace error that
// is not a page's everyday one: a journal another process holds locked (503, saying so, nothing
// recorded), and a rollback whose ticked step names several actions (400, naming each, nothing rolled
// back, its candidates each on a line of their own in Chromium). Every code core defines has a status
// of its own (error-status.ts is keyed by them all). What changed is read around the command center:
// the journal file through its own SQL, the notes service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotesAdapter, NotesService, openJournalFile } from '@backspace/testkit';
import { CSRF_FIELD } from './security.js';
import { startCommandCenter } from './server.js';
// The repository's one way to start Debian's Chromium for page tests (test/browser/chromium.ts).
import { chromiumPath, launchChromium } from '../../../test/browser/chromium.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A command center on a journal file, as `backspace serve` runs it, over the in-process notes service. */
async function centerOnFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'backspace-cc-errors-')), 'journal.db');
  const service = new NotesService();
  // A short busy timeout: a lock held by another process is reported within the test, not after 10 s.
  const journal = createSqliteJournal({ path, busyTimeoutMs: 100 });
  closers.push(() => journal.close());
  const runtime = createRuntime({ journal, adapters: [createNotesAdapter({ service })], policy: [] });
  const center = await startCommandCenter({ runtime, operator: 'dana@example.com', port: 0 });
  closers.push(() => center.close());
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(center.url)).text())![1]!;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(new URL(path, center.url), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, [CSRF_FIELD]: csrf }).toString() });
  /** Entries of these types, read through the file's own SQL. */
  const rows = (type: string) => {
    const raw = openJournalFile(path, { readOnly: true });
    try {
      return raw.prepare('SELECT action_id AS actionId FROM entries WHERE type = ?').all(type) as { actionId: string }[];
    } finally {
      raw.close();
    }
  };
  return { url: center.url, path, service, runtime, post, rows };
}

/** An ended session of notes written until two of its action ids share their first four characters (ids are random). */
async function sessionWithSharedPrefix() {
  const center = await centerOnFile();
  const session = await center.runtime.startSession({ agentId: 'notes-bot' });
  let shared: { prefix: string; ids: string[] } | null = null;
  for (let written = 0; !shared && written < 4_000; written += 1) {
    await session.run('notes.note.create', { title: `note ${written}`, body: 'x' });
    if (written % 100 !== 99) continue;
    const byPrefix = new Map<string, string[]>();
    for (const { actionId } of center.rows('action.committed')) byPrefix.set(actionId.slice(0, 4), [...(byPrefix.get(actionId.slice(0, 4)) ?? []), actionId]);
    const found = [...byPrefix.entries()].find(([, ids]) => ids.length > 1);
    if (found) shared = { prefix: found[0], ids: found[1] };
  }
  await session.end();
  if (!shared) throw new Error('no two of 4,000 action ids share a prefix');
  return { ...center, sessionId: session.id, shared };
}

describe('command center error statuses', () => {
  it('answers 503 naming the lock when another process holds the journal, and records no kill', async () => {
    const { path, runtime, post, rows } = await centerOnFile();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    // Another process (a prune, a vacuum) holds the journal's write lock while the operator clicks Kill.
    const holder = openJournalFile(path);
    holder.exec('BEGIN IMMEDIATE');
    let response: Response;
    try {
      response = await post('/control/kill', { scope: 'session', target: session.id, reason: 'runaway' });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    const text = await response.text();
    expect(text).toContain('another process holds the journal locked');
    expect(text).toContain('journal_unavailable');
    expect(rows('kill')).toHaveLength(0);
    // Once the lock is gone the same click records the kill.
    expect((await post('/control/kill', { scope: 'session', target: session.id, reason: 'runaway' })).status).toBe(303);
    expect(rows('kill')).toHaveLength(1);
  });

  it('answers 400 naming every candidate when a ticked step names several actions, and starts no rollback', async () => {
    const { service, post, rows, sessionId, shared } = await sessionWithSharedPrefix();
    const notes = service.inspect().length;
    const response = await post(`/sessions/${sessionId}/rollback`, { step: shared.prefix });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain(`action ${shared.prefix} is ambiguous`);
    for (const id of shared.ids) expect(text).toContain(id);
    expect(rows('rollback.started')).toHaveLength(0);
    expect(service.inspect()).toHaveLength(notes);
  });
});

const executablePath = chromiumPath();
describe.skipIf(!executablePath)('command center error page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists each candidate of an ambiguous step on a line of its own', async () => {
    const { url, sessionId, shared } = await sessionWithSharedPrefix();
    const page = await browser.newPage();
    await page.goto(new URL(`/sessions/${sessionId}/plan`, url).href);
    // The operator's plan form, its first step ticked with a value that names several actions.
    const box = page.locator('input[name="step"]').first();
    await box.evaluate((input, prefix) => void ((input as unknown as { value: string }).value = prefix), shared.prefix);
    await box.check();
    const [response] = await Promise.all([page.waitForResponse((answer) => answer.request().method() === 'POST'), page.locator('button.primary').click()]);
    expect(response!.status()).toBe(400);
    const lines = (await page.locator('.error').innerText()).split('\n').map((line) => line.trim());
    for (const id of shared.ids) expect(lines.some((line) => line.startsWith(id))).toBe(true);
  });
});
