// A rollback started from the command center that must wait before it plans: the session's agent was
// stopped with a write in flight, whose request may still land. The job's page says how long and why
// while it waits, through the command center's HTTP interface; the journal shows the rollback ran after.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createCommandCenterApp } from './app.js';
import { CSRF_FIELD } from './security.js';

const journals: JournalStore[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
});

it('shows the wait for a write still in flight on the rollback page, then runs the rollback', async () => {
  const journal = createSqliteJournal({ path: ':memory:' });
  journals.push(journal);
  const runtime = createRuntime({ journal, adapters: [], inFlightTimeoutMs: 1_500 });
  const session = await runtime.startSession({ agentId: 'triage-agent', reason: 'test' });
  // The agent's process stopped after sending this write: its intent has no outcome.
  await journal.append({ type: 'action.intent', sessionId: session.id, agentId: 'triage-agent', actionId: 'in-flight-1', action: 'github.issue.create', idempotencyKey: `${session.id}:1`, data: { input: { title: 'Half-sent' }, pre: null } });
  await runtime.endSession(session.id, { by: 'dana', reason: 'agent stopped' });
  const { app, center } = createCommandCenterApp({ runtime, operator: 'dana' }, { host: '127.0.0.1' });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:4477', origin: 'http://127.0.0.1:4477' };

  const started = await app.request(`http://127.0.0.1:4477/sessions/${session.id}/rollback`, { method: 'POST', headers, body: new URLSearchParams({ [CSRF_FIELD]: center.csrfToken }).toString() });
  expect(started.status).toBe(303);
  const jobPage = started.headers.get('location')!;
  const read = async () => (await app.request(`http://127.0.0.1:4477${jobPage}`, { headers: { host: '127.0.0.1:4477' } })).text();
  await expect.poll(read, { timeout: 5_000, interval: 20 }).toMatch(/Waiting up to [12] s before planning: the agent had a write in flight when it stopped; its request may still land\./);
  await expect.poll(read, { timeout: 10_000, interval: 100 }).toMatch(/id="rollback-summary"/);
  expect((await journal.entriesOfType(['rollback.started'])).length).toBe(1);
});
