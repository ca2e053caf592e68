// The Resume button lifts the kill its page showed, and only while it is in force. A page left open
// since (another operator lifted that kill and pulled a new one on the same agent, for a graver reason)
// must not lift the new kill; a resume of nothing (a second click, a crafted form) records nothing.
// Through the command center's HTTP interface, submitting the form its page holds; what is in force is
// read from the journal file with better-sqlite3.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startCommandCenter, type RunningCommandCenter } from './server.js';

const opened: { journal: JournalStore; center: RunningCommandCenter }[] = [];
afterEach(async () => {
  for (const { journal, center } of opened.splice(0)) {
    await center.close();
    await journal.close();
  }
});

async function setUp(): Promise<{ path: string; runtime: Runtime; center: RunningCommandCenter }> {
  const path = join(mkdtempSync(join(tmpdir(), 'backspace-cc-resume-')), 'journal.db');
  const journal = createSqliteJournal({ path });
  const runtime = createRuntime({ journal, adapters: [] });
  const session = await runtime.startSession({ agentId: 'triage-bot', reason: 'work the queue' });
  await session.end();
  const center = await startCommandCenter({ runtime, operator: 'dana', port: 0 });
  opened.push({ journal, center });
  return { path, runtime, center };
}

/** The kill and resume entries of the journal, oldest first, as stored. */
function controls(path: string): { type: string; reason: string | null }[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT type, data FROM entries WHERE type IN ('kill', 'resume') ORDER BY seq").all() as { type: string; data: string }[]).map((row) => ({ type: row.type, reason: (JSON.parse(row.data) as { reason?: string | null }).reason ?? null }));
  } finally {
    db.close();
  }
}

/** The Resume form on the control page as the browser would submit it: its action and its fields. */
async function resumeForm(center: RunningCommandCenter): Promise<URLSearchParams> {
  const page = await (await fetch(new URL('/control', center.url))).text();
  const form = /<form class="inline" method="post" action="\/control\/resume">([\s\S]*?)<\/form>/.exec(page);
  expect(form, 'the control page shows a Resume button').not.toBeNull();
  const fields = new URLSearchParams();
  for (const input of form![1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(input[1]!, input[2]!);
  return fields;
}

const submit = (center: RunningCommandCenter, fields: URLSearchParams) =>
  fetch(new URL('/control/resume', center.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(center.url).origin },
    body: fields.toString(),
    redirect: 'manual',
  });

describe('resuming from the control page', () => {
  it('lifts the kill the page showed', async () => {
    const { path, runtime, center } = await setUp();
    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'looping on the queue', by: 'sam' });
    const response = await submit(center, await resumeForm(center));
    expect(response.status).toBe(303);
    expect(controls(path).map((entry) => entry.type)).toEqual(['kill', 'resume']);
  });

  it('from a page left open: a newer kill of the same agent stays in force, and nothing is recorded', async () => {
    const { path, runtime, center } = await setUp();
    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'looping on the queue', by: 'sam' });
    const stale = await resumeForm(center);
    // Meanwhile another operator lifts that kill, and pulls a new one for a graver reason.
    await runtime.resume({ scope: { agentId: 'triage-bot' }, by: 'sam' });
    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'posting customer data in #general', by: 'sam' });
    const before = controls(path);
    const response = await submit(center, stale);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('this page showed was lifted already');
    expect(controls(path)).toEqual(before);
    expect(before.at(-1)).toEqual({ type: 'kill', reason: 'posting customer data in #general' });
  });

  it('a second click, once the kill is lifted: refused as no kill in force, nothing recorded', async () => {
    const { path, runtime, center } = await setUp();
    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'looping on the queue', by: 'sam' });
    const fields = await resumeForm(center);
    expect((await submit(center, fields)).status).toBe(303);
    const second = await submit(center, fields);
    expect(second.status).toBe(404);
    expect(await second.text()).toContain('nothing was resumed');
    expect(controls(path).map((entry) => entry.type)).toEqual(['kill', 'resume']);
  });
});
