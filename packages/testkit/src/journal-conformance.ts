// The suite every journal store must pass: append order, hash chain and tamper detection, lookups,
// concurrent appenders in several processes, and reopening after a writer was killed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json, JournalStore } from '@backspace/core';
import { runSessionPageConformance } from './journal-session-page.js';

export interface JournalUnderTest {
  store: JournalStore;
  /** Options that open this same journal again, in this process or in a child process. */
  options: Json;
}

export interface JournalConformanceOptions {
  name: string;
  /** A fresh, empty journal. */
  create(): Promise<JournalUnderTest>;
  /** Absolute path of the store's built module and its factory name, for child processes. */
  module: string;
  factory: string;
  /** Opens the journal described by `options` (the same factory, in this process). */
  open(options: Json): Promise<JournalStore>;
  /** Edits the stored journal around the store's API, the way an attacker with file or database access would. */
  tamper: {
    edit(options: Json, seq: number, data: Json): Promise<void>;
    remove(options: Json, seq: number): Promise<void>;
    swap(options: Json, leftSeq: number, rightSeq: number): Promise<void>;
  };
  destroy?(options: Json): Promise<void>;
}

const workerPath = fileURLToPath(new URL('../workers/journal-appender.mjs', import.meta.url));

export function runJournalConformance(suite: JournalConformanceOptions): void {
  describe(`journal conformance: ${suite.name}`, () => {
    const opened: JournalUnderTest[] = [];
    const fresh = async () => {
      const journal = await suite.create();
      opened.push(journal);
      return journal;
    };
    afterEach(async () => {
      for (const journal of opened.splice(0)) {
        await journal.store.close();
        await suite.destroy?.(journal.options);
      }
    });

    it('appends in order, numbering entries from 1 and linking each to the one before', async () => {
      const { store } = await fresh();
      const first = await store.append({ type: 'session.started', sessionId: 's1', agentId: 'a1', data: { reason: 'test' } });
      const second = await store.append({ type: 'action.intent', sessionId: 's1', agentId: 'a1', actionId: 'x1', idempotencyKey: 'k1', resource: 'notes.note:n1', data: { step: 1 } });
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(second.prevHash).toBe(first.hash);
      expect((await store.sessionEntries('s1')).map((entry) => entry.data)).toEqual([{ reason: 'test' }, { step: 1 }]);
      expect(await store.verify()).toEqual({ ok: true, entries: 2 });
    });

    it('stores data as JSON and reads it back: members holding undefined are left out, and the chain still verifies', async () => {
      const { store } = await fresh();
      await store.append({ type: 'action.intent', sessionId: 's1', data: { title: 'kept', note: undefined, list: [1, undefined] } as unknown as Json });
      expect((await store.sessionEntries('s1'))[0]!.data).toStrictEqual({ title: 'kept', list: [1, null] });
      expect(await store.verify()).toEqual({ ok: true, entries: 1 });
    });

    it('finds entries by idempotency key, resource, type and session filters', async () => {
      const { store } = await fresh();
      await store.append({ type: 'session.started', sessionId: 's1', agentId: 'alice', at: '2026-01-01T00:00:00.000Z', data: { reason: 'first' } });
      await store.append({ type: 'session.started', sessionId: 's2', agentId: 'bob', at: '2026-02-01T00:00:00.000Z', data: { reason: null } });
      await store.append({ type: 'action.intent', sessionId: 's1', actionId: 'a', idempotencyKey: 'key-1', resource: 'notes.note:n1', data: {} });
      await store.append({ type: 'action.committed', sessionId: 's1', actionId: 'a', idempotencyKey: 'key-1', resource: 'notes.note:n1', data: {} });
      await store.append({ type: 'kill', data: { scope: 'all' } });
      await store.append({ type: 'session.ended', sessionId: 's1', data: {} });
      expect((await store.keyEntries('key-1')).map((entry) => entry.type)).toEqual(['action.intent', 'action.committed']);
      expect(await store.keyEntries('missing')).toEqual([]);
      expect((await store.resourceEntries('notes.note:n1')).map((entry) => entry.seq)).toEqual([3, 4]);
      expect((await store.entriesOfType(['kill', 'session.ended'])).map((entry) => entry.seq)).toEqual([5, 6]);
      expect((await store.entriesOfType(['kill', 'session.ended'], 5)).map((entry) => entry.seq)).toEqual([6]);
      const sessions = await store.sessions();
      expect(sessions.map(({ id, agentId, actions, endedAt }) => ({ id, agentId, actions, ended: endedAt !== null }))).toEqual([
        { id: 's1', agentId: 'alice', actions: 1, ended: true },
        { id: 's2', agentId: 'bob', actions: 0, ended: false },
      ]);
      expect((await store.sessions({ agentId: 'bob' })).map((session) => session.id)).toEqual(['s2']);
      expect((await store.sessions({ since: '2026-01-15T00:00:00.000Z' })).map((session) => session.id)).toEqual(['s2']);
      expect((await store.sessions({ until: '2026-01-15T00:00:00.000Z' })).map((session) => session.id)).toEqual(['s1']);
    });

    runSessionPageConformance(fresh);

    describe('tamper evidence', () => {
      const tampered = async (change: (options: Json) => Promise<void>) => {
        const journal = await fresh();
        for (let index = 1; index <= 5; index += 1) await journal.store.append({ type: 'action.intent', sessionId: 's', data: { index } });
        await change(journal.options);
        const reopened = await suite.open(journal.options);
        try {
          return await reopened.verify();
        } finally {
          await reopened.close();
        }
      };
      it('names an edited entry', async () => {
        const report = await tampered((options) => suite.tamper.edit(options, 3, { index: 99 }));
        expect(report).toMatchObject({ ok: false, firstBad: { seq: 3 } });
      });
      it('names the gap a removed entry leaves', async () => {
        const report = await tampered((options) => suite.tamper.remove(options, 2));
        expect(report).toMatchObject({ ok: false, firstBad: { seq: 3 } });
      });
      it('names reordered entries', async () => {
        const report = await tampered((options) => suite.tamper.swap(options, 2, 4));
        expect(report.ok).toBe(false);
        if (!report.ok) expect(report.firstBad.seq).toBe(2);
      });
    });

    it('keeps every process’s order when several processes append at once', async () => {
      const { store, options } = await fresh();
      const writers = 4;
      const perWriter = 60;
      await Promise.all(Array.from({ length: writers }, (_, writer) => appendInChild(suite, options, `w${writer}`, perWriter)));
      for (let writer = 0; writer < writers; writer += 1) {
        const indexes = (await store.sessionEntries(`w${writer}`)).map((entry) => (entry.data as { index: number }).index);
        expect(indexes).toEqual(Array.from({ length: perWriter }, (_, index) => index));
      }
      expect(await store.verify()).toEqual({ ok: true, entries: writers * perWriter });
    }, 60_000);

    it('keeps every acknowledged entry of a writer killed mid-way, and the chain verifies', async () => {
      const { options } = await fresh();
      const acknowledged = await appendInChild(suite, options, 'killed', 100_000, 40);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      const reopened = await suite.open(options);
      try {
        const report = await reopened.verify();
        expect(report.ok).toBe(true);
        const stored = new Set((await reopened.sessionEntries('killed')).map((entry) => entry.seq));
        for (const seq of acknowledged) expect(stored.has(seq)).toBe(true);
        const next = await reopened.append({ type: 'session.ended', sessionId: 'killed', data: {} });
        expect(next.seq).toBe(stored.size + 1);
      } finally {
        await reopened.close();
      }
    }, 60_000);
  });
}

/** Runs the appender worker; with `killAfter`, SIGKILLs it once that many appends were acknowledged. */
function appendInChild(suite: JournalConformanceOptions, options: Json, sessionId: string, count: number, killAfter?: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerPath, JSON.stringify({ module: suite.module, factory: suite.factory, options, sessionId, count })], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: number[] = [];
    let buffered = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line) acknowledged.push(Number(line));
      if (killAfter !== undefined && acknowledged.length >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killAfter !== undefined ? signal === 'SIGKILL' : code === 0) resolve(acknowledged);
      else reject(new Error(`journal appender exited with ${code ?? signal}: ${errors}`));
    });
  });
}
