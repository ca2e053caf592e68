// The retention suite every prunable journal store must pass: a prune removes whole sessions past
// retention (never a running or recent one, never a kill in force), the rest verifies from its anchor,
// truncations not through a recorded anchor are still found, and only an operator prunes. What remains
// is read back around the store, the way an administrator would look at the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  auditJournal,
  createWriterKey,
  pruneJournal,
  signEntry,
  writeCheckpoint,
  type Json,
  type Keyring,
  type NewEntry,
  type PrunableJournal,
  type PruneAnchor,
  type WriterIdentity,
} from '@backspace/core';

export interface PrunableUnderTest {
  store: PrunableJournal;
  /** Where this journal lives, for the reader and the tampering below. */
  options: Json;
}

export interface PruneConformanceOptions {
  name: string;
  /** A fresh, empty journal. */
  create(): Promise<PrunableUnderTest>;
  /** Every stored entry as (seq, session id), read around the store. */
  storedEntries(options: Json): Promise<{ seq: number; sessionId: string | null }[]>;
  /** Deletes entries through `seq` and, when given, records `anchor` as if a prune had: an attacker with database access. */
  forgeTruncation(options: Json, throughSeq: number, anchor: PruneAnchor | null): Promise<void>;
  /** Deletes one entry through the store's own connection, its append-only guard in place: must be refused. */
  deleteDirectly(options: Json, seq: number): Promise<void>;
  destroy?(options: Json): Promise<void>;
}

const NOW = new Date('2026-12-03T12:00:00Z');
const OLD = '2026-06-01T10:00:00.000Z';
const RECENT = '2026-12-01T10:00:00.000Z';
const NINETY_DAYS = 90 * 86_400_000;

export function runPruneConformance(suite: PruneConformanceOptions): void {
  describe(`journal retention: ${suite.name}`, () => {
    const operator = createWriterKey('ops-alice', 'operator');
    const agent = createWriterKey('triage-bot', 'agent');
    const keyring: Keyring = { writers: [operator.trusted, agent.trusted] };
    const directory = mkdtempSync(join(tmpdir(), 'backspace-prune-'));
    let files = 0;
    const opened: PrunableUnderTest[] = [];
    afterEach(async () => {
      for (const journal of opened.splice(0)) {
        await journal.store.close();
        await suite.destroy?.(journal.options);
      }
    });
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    const fresh = async () => {
      const journal = await suite.create();
      opened.push(journal);
      return { ...journal, checkpoints: join(directory, `checkpoints-${(files += 1)}.jsonl`) };
    };
    const write = (store: PrunableJournal, entry: NewEntry, by: WriterIdentity) => store.append(signEntry(entry, by));
    /** A session with one action, ended (or not) by its agent, all at `at`. */
    const session = async (store: PrunableJournal, id: string, at: string, ended = true) => {
      const base = { sessionId: id, agentId: 'triage-bot', at };
      await write(store, { ...base, type: 'session.started', data: { reason: 'triage' } }, agent.identity);
      await write(store, { ...base, type: 'action.committed', actionId: `${id}-a1`, action: 'notes.note.create', resource: `notes.note:${id}`, data: { result: { id } } }, agent.identity);
      if (ended) await write(store, { ...base, type: 'session.ended', data: {} }, agent.identity);
    };
    const control = (store: PrunableJournal, type: 'kill' | 'resume', agentId: string, at: string) =>
      write(store, { type, at, data: { scope: { agentId }, reason: 'incident', by: 'ops-alice' } }, operator.identity);
    const sessionsLeft = async (options: Json) => [...new Set((await suite.storedEntries(options)).map((entry) => entry.sessionId).filter(Boolean))];
    const prune = (store: PrunableJournal, checkpoints: string, writer: WriterIdentity = operator.identity, dryRun = false) =>
      pruneJournal(store, { olderThanMs: NINETY_DAYS, writer, checkpoints, dryRun, now: NOW });

    /** old-a, a lifted kill, old-b: removable; old-c: old but rolled back two days ago; old-d: still running; new-e: recent. */
    const incident = async (store: PrunableJournal) => {
      await session(store, 'old-a', OLD);
      await control(store, 'kill', 'triage-bot', OLD);
      await control(store, 'resume', 'triage-bot', OLD);
      await session(store, 'old-b', OLD);
      await session(store, 'old-c', OLD);
      await write(store, { type: 'rollback.finished', sessionId: 'old-c', at: RECENT, data: { undone: 1 } }, operator.identity);
      await session(store, 'old-d', OLD, false);
      await session(store, 'new-e', RECENT);
    };

    it('removes whole sessions past retention, keeps the rest, and the rest verifies from the anchor', async () => {
      const { store, options, checkpoints } = await fresh();
      await incident(store);
      await writeCheckpoint(store, checkpoints, operator.identity, NOW);
      const result = await prune(store, checkpoints);
      expect(result.plan.sessions).toEqual(['old-a', 'old-b']);
      expect(result.plan.heldBack?.reason).toMatch(/old-c has entries within the retention period/);
      expect(await sessionsLeft(options)).toEqual(['old-c', 'old-d', 'new-e']);
      const seqs = (await suite.storedEntries(options)).map((entry) => entry.seq);
      expect(Math.min(...seqs)).toBe(result.anchor!.throughSeq + 1);
      expect(await store.verify()).toMatchObject({ ok: true, entries: seqs.length });
      // New entries after the prune, a checkpoint from before and one from after: all hold.
      await session(store, 'new-f', RECENT);
      await writeCheckpoint(store, checkpoints, operator.identity, NOW);
      const report = await auditJournal(store, { keyring, checkpoints });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checkpoints?.checked).toBe(2);
    });

    it('never removes a kill still in force, nor what follows it', async () => {
      const { store, options, checkpoints } = await fresh();
      await session(store, 'old-a', OLD);
      await control(store, 'kill', 'triage-bot', OLD);
      await session(store, 'old-b', OLD);
      const result = await prune(store, checkpoints);
      expect(result.plan.heldBack?.reason).toMatch(/kill at entry 4 is still in force/);
      expect(await sessionsLeft(options)).toEqual(['old-b']);
      expect((await store.entriesOfType(['kill'])).map((entry) => entry.seq)).toEqual([4]);
    });

    it('a dry run removes nothing; a second prune continues from the first', async () => {
      const { store, options, checkpoints } = await fresh();
      await session(store, 'old-a', OLD);
      await session(store, 'old-b', OLD, false);
      const dry = await prune(store, checkpoints, operator.identity, true);
      expect([dry.plan.sessions, dry.anchor]).toEqual([['old-a'], null]);
      expect(await suite.storedEntries(options)).toHaveLength(5);
      await prune(store, checkpoints);
      await write(store, { type: 'session.ended', sessionId: 'old-b', agentId: 'triage-bot', at: OLD, data: {} }, agent.identity);
      const second = await prune(store, checkpoints);
      expect(second.anchor).toMatchObject({ throughSeq: 6, entriesThrough: 6 });
      expect(await suite.storedEntries(options)).toEqual([]);
      // The next entry continues the chain after the last one removed.
      await session(store, 'new-c', RECENT);
      expect(Math.min(...(await suite.storedEntries(options)).map((entry) => entry.seq))).toBeGreaterThan(6);
      expect(await auditJournal(store, { keyring, checkpoints })).toMatchObject({ ok: true, problems: [] });
    });

    it('an agent cannot prune', async () => {
      const { store, options, checkpoints } = await fresh();
      await session(store, 'old-a', OLD);
      await expect(prune(store, checkpoints, agent.identity)).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(suite.deleteDirectly(options, 1)).rejects.toThrow(/append-only/);
      expect(await suite.storedEntries(options)).toHaveLength(3);
    });

    it('a truncation not through an anchor is found; a forged anchor is found with a keyring or the checkpoints', async () => {
      const plain = await fresh();
      await session(plain.store, 'old-a', OLD);
      await session(plain.store, 'new-b', RECENT);
      await writeCheckpoint(plain.store, plain.checkpoints, operator.identity, NOW);
      await suite.forgeTruncation(plain.options, 3, null);
      // A single chain shows the gap itself; a store of several chains may only see numbers holding no
      // entry (as a failed append leaves), so the checkpoint is what proves the entries were there.
      const chain = await plain.store.verify();
      expect(chain.ok ? chain.unusedSeqs?.first : [chain.firstBad.seq]).toEqual(chain.ok ? [1, 2, 3] : [4]);
      const truncated = await auditJournal(plain.store, { keyring, checkpoints: plain.checkpoints });
      expect(truncated.ok).toBe(false);
      expect(truncated.problems.map((problem) => problem.reason).join('\n')).toMatch(/counted 6 entries up to 6; 3 remain/);

      const { store, options, checkpoints } = await fresh();
      await session(store, 'old-a', OLD);
      await session(store, 'old-b', OLD);
      await session(store, 'new-c', RECENT);
      await writeCheckpoint(store, checkpoints, operator.identity, NOW);
      // An attacker removes old-a and old-b and records an anchor for them, unsigned.
      const removed = (await store.entriesOfType(['session.started', 'action.committed', 'session.ended'])).slice(0, 6);
      const forged: PruneAnchor = {
        throughSeq: 6, throughHash: removed[5]!.hash, heads: store.chainHeads(removed),
        entriesThrough: 6, removed: 6, sessions: 2, cutoff: OLD, at: NOW.toISOString(), writer: 'ops-alice', sig: null,
      };
      await suite.forgeTruncation(options, 6, forged);
      const report = await auditJournal(store, { keyring, checkpoints });
      expect(report.ok).toBe(false);
      expect(report.problems.map((problem) => problem.reason).join('\n')).toMatch(/not signed by a trusted operator[\s\S]*not the newest prune/);
    });
  });
}
