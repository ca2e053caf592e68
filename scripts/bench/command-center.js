// commandCenter.sessionPageMs: the server's time to serve a 1,000-action session's page (the whole
// timeline read and built, its first page of 100 items rendered: the timeline is paged).
// commandCenter.listMs: the first page of the session list on a journal of 100,000 actions (1,000
// sessions of 100); listFilteredMs the same list filtered to a provider only 1 session in 50 used (the
// store looks at every session to fill the page: one index seek each). Medians of 7 requests through the
// app, journal integrity warm.
import { core, sqlite, tempPath, percentile, round } from './support.js';

const commandCenter = await import('../../packages/command-center/dist/index.js');

async function fill(journal, sessions, actionsEach) {
  let firstSession = null;
  for (let index = 0; index < sessions; index += 1) {
    const sessionId = `bench-${index}`;
    firstSession ??= sessionId;
    const provider = index % 50 === 0 ? 'slack' : 'notes';
    await journal.append({ type: 'session.started', sessionId, agentId: `agent-${index % 7}`, data: { reason: `bench session ${index}` } });
    for (let step = 0; step < actionsEach; step += 1) {
      const actionId = `${sessionId}-a${step}`;
      const resource = `${provider}.note:n${step}`;
      const base = { sessionId, agentId: `agent-${index % 7}`, actionId, action: `${provider}.note.update`, idempotencyKey: `${sessionId}:${step}`, resource };
      const pre = { title: `before ${step}`, body: 'unchanged body', tags: ['a'] };
      const post = { title: `after ${step}`, body: 'unchanged body', tags: ['a', 'b'] };
      await journal.append({ ...base, type: 'action.intent', data: { input: { id: `n${step}`, title: post.title }, pre, reasoning: `step ${step}: the title was wrong`, confidence: 0.9, reversibility: 'reversible' } });
      await journal.append({ ...base, type: 'action.committed', data: { result: { id: `n${step}` }, post, reversibility: 'reversible', compensation: { operation: `${provider}.note.restore`, description: `restore title of note n${step}` } } });
    }
    await journal.append({ type: 'session.ended', sessionId, data: {} });
  }
  return firstSession;
}

async function median(app, path, runs = 7) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const response = await app.request(`http://127.0.0.1:4477${path}`, { headers: { host: '127.0.0.1:4477' } });
    await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return round(percentile(times, 0.5), 1);
}

async function appOver(journal) {
  const runtime = core.createRuntime({ journal, adapters: [] });
  const { app, center } = commandCenter.createCommandCenterApp({ runtime, operator: 'bench', verifyMaxAgeMs: 3_600_000 }, { host: '127.0.0.1' });
  await center.integrity.fresh();
  return app;
}

export async function run() {
  const sessionJournal = sqlite.createSqliteJournal({ path: tempPath('cc-session'), synchronous: 'NORMAL' });
  const sessionId = await fill(sessionJournal, 1, 1_000);
  const sessionPageMs = await median(await appOver(sessionJournal), `/sessions/${sessionId}`);
  await sessionJournal.close();

  const listJournal = sqlite.createSqliteJournal({ path: tempPath('cc-list'), synchronous: 'NORMAL' });
  await fill(listJournal, 1_000, 100);
  const app = await appOver(listJournal);
  const listMs = await median(app, '/');
  const listFilteredMs = await median(app, '/?provider=slack');
  const listOlderPageMs = await median(app, '/?before=100000');
  await listJournal.close();
  return {
    'commandCenter.sessionPageMs': sessionPageMs,
    'commandCenter.listMs': listMs,
    'commandCenter.listFilteredMs': listFilteredMs,
    'commandCenter.listOlderPageMs': listOlderPageMs,
  };
}
