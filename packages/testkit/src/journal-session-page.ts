// The session page part of the journal conformance suite: newest first, each filter, cursors, and the
// same answer as core's fallback built from `sessions` and `sessionEntries` (a store without the method).
import { expect, it } from 'vitest';
import { listSessionPage, type JournalStore, type SessionQuery } from '@backspace/core';

/** Four sessions: one rolled back with a conflict, one rolled back clean, one ended, one running. */
async function fourSessions(store: JournalStore): Promise<void> {
  const started = (id: string, agentId: string, at: string) => store.append({ type: 'session.started', sessionId: id, agentId, at, data: { reason: `work ${id}` } });
  const committed = (id: string, action: string, resource: string) => store.append({ type: 'action.committed', sessionId: id, actionId: `${id}-${action}`, action, resource, data: {} });
  await started('s1', 'triage', '2026-03-01T09:00:00.000Z');
  await committed('s1', 'github.issue.create', 'github.issue:o/r#1');
  await committed('s1', 'slack.message.post', 'slack.message:C1/1.0');
  await store.append({ type: 'session.ended', sessionId: 's1', data: {} });
  await store.append({ type: 'rollback.finished', sessionId: 's1', data: { rollbackId: 'r1', byOutcome: { verified: 1, conflict: 1 } } });
  await started('s2', 'triage', '2026-03-02T09:00:00.000Z');
  await committed('s2', 'linear.issue.update', 'linear.issue:L1');
  await store.append({ type: 'session.ended', sessionId: 's2', data: {} });
  await store.append({ type: 'rollback.finished', sessionId: 's2', data: { rollbackId: 'r2', byOutcome: { verified: 1, conflict: 0 } } });
  await started('s3', 'writer', '2026-03-03T09:00:00.000Z');
  await committed('s3', 'notion.page.update', 'notion.page:p1');
  await committed('s3', 'github.issue.update', 'github.issue:o/r#1');
  await store.append({ type: 'session.ended', sessionId: 's3', data: {} });
  await started('s4', 'writer', '2026-03-04T09:00:00.000Z');
}

/** A view of the store without its own `sessionPage`: core answers from the other methods. */
function withoutSessionPage(store: JournalStore): JournalStore {
  const { sessionPage: _own, ...rest } = store;
  return rest as JournalStore;
}

export function runSessionPageConformance(fresh: () => Promise<{ store: JournalStore }>): void {
  it('pages sessions newest first with status, providers and conflicts, and filters them in the store as core would', async () => {
    const { store } = await fresh();
    expect(store.sessionPage, 'the store lists session pages itself (an indexed query)').toBeTypeOf('function');
    await fourSessions(store);
    const ids = async (query: Partial<SessionQuery>) => {
      const page = await listSessionPage(store, { limit: 10, ...query });
      expect(page, `the fallback answers ${JSON.stringify(query)} the same`).toEqual(await listSessionPage(withoutSessionPage(store), { limit: 10, ...query }));
      return page.sessions.map((session) => session.id);
    };
    const first = await listSessionPage(store, { limit: 10 });
    expect(first.sessions.map(({ id, status, providers, conflicts, actions }) => ({ id, status, providers, conflicts, actions }))).toEqual([
      { id: 's4', status: 'running', providers: [], conflicts: 0, actions: 0 },
      { id: 's3', status: 'ended', providers: ['github', 'notion'], conflicts: 0, actions: 2 },
      { id: 's2', status: 'rolled-back', providers: ['linear'], conflicts: 0, actions: 1 },
      { id: 's1', status: 'rolled-back', providers: ['github', 'slack'], conflicts: 1, actions: 2 },
    ]);
    expect(first.next).toBeNull();
    expect(await ids({ agentId: 'triage' })).toEqual(['s2', 's1']);
    expect(await ids({ status: 'running' })).toEqual(['s4']);
    expect(await ids({ status: 'ended' })).toEqual(['s3']);
    expect(await ids({ status: 'rolled-back' })).toEqual(['s2', 's1']);
    expect(await ids({ provider: 'github' })).toEqual(['s3', 's1']);
    expect(await ids({ provider: 'git' })).toEqual([]);
    expect(await ids({ hasConflicts: true })).toEqual(['s1']);
    expect(await ids({ hasConflicts: false })).toEqual(['s4', 's3', 's2']);
    expect(await ids({ since: '2026-03-02T00:00:00.000Z', until: '2026-03-04T00:00:00.000Z' })).toEqual(['s3', 's2']);
  });

  it('pages through sessions with the cursor each page gives, and refuses a bad limit or cursor', async () => {
    const { store } = await fresh();
    await fourSessions(store);
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 3; pages += 1) {
      const page = await listSessionPage(store, { limit: 3, ...(before ? { before } : {}) });
      seen.push(...page.sessions.map((session) => session.id));
      if (!page.next) break;
      before = page.next;
    }
    expect(seen).toEqual(['s4', 's3', 's2', 's1']);
    await expect(store.sessionPage!({ limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(store.sessionPage!({ limit: 10, before: "1; DROP TABLE entries" })).rejects.toMatchObject({ code: 'invalid_input' });
  });
}
