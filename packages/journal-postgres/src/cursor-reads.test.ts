// Reading entries after a cursor (`entriesOfType(types, afterSeq)`), as a runtime watching for its
// session's end in another process does: two sessions' entries join different chains, so an append
// can take its seq, then commit after a later seq of another chain has committed. A reader must never
// be handed the later seq before the earlier one is in: its cursor would pass the earlier one for good.
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import type pg from 'pg';
import { chainOf } from './chains.js';
import { closeTestJournals, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

/** The advisory lock the test holds to keep one append waiting between taking its seq and committing. */
const HOLD = 0x7e57;

const onAnotherChain = (one: string, other: string) => chainOf({ type: 'session.ended', sessionId: one }, 32) !== chainOf({ type: 'session.ended', sessionId: other }, 32);

const ended = (sessionId: string) => ({ type: 'session.ended' as const, sessionId, agentId: 'agent', data: { endedBy: 'operator' } });

describe.skipIf(!available)('PostgreSQL journal: reading after a cursor', () => {
  afterAll(closeTestJournals);

  it('never skips an entry that took its seq before a later one of another chain but committed after it', async () => {
    const schema = freshSchema();
    const [held, other, reader] = [await openTestJournal(schema), await openTestJournal(schema), await openTestJournal(schema)];
    const slow = 'slow-session';
    let fast = 's0';
    for (let index = 1; !onAnotherChain(fast, slow); index += 1) fast = `s${index}`;
    await holdEndsOf(schema, slow, async (gate) => {
      const slowEnd = held.append(ended(slow));
      await waitUntilHeld();
      const fastEnd = await other.append(ended(fast));
      // The runtime's poll: everything after the cursor, then the cursor moves to the newest seq seen.
      const firstPoll = reader.entriesOfType(['session.ended'], 0);
      await Promise.race([firstPoll, pause(300)]);
      await gate.query(`SELECT pg_advisory_unlock(${HOLD})`);
      expect((await slowEnd).seq).toBeLessThan(fastEnd.seq);
      const first = await firstPoll;
      const second = await reader.entriesOfType(['session.ended'], Math.max(0, ...first.map((entry) => entry.seq)));
      const seen = [...first, ...second].map((entry) => entry.sessionId).sort();
      // Both ends are in the journal, read straight from the table.
      const inTable = await withDirectConnection(async (client) => (await client.query(`SELECT session_id FROM "${schema}".entries WHERE type = 'session.ended' ORDER BY session_id`)).rows.map((row) => row.session_id as string));
      expect(inTable).toEqual([fast, slow].sort());
      expect(seen).toEqual(inTable);
    });
  });

  it("sends no write of an agent's session once an operator's end of it is in the journal, while another session's end committed first", async () => {
    const schema = freshSchema();
    const service = new NotesService();
    const runtimeOn = async (token: string) => createRuntime({ journal: await openTestJournal(schema), adapters: [createNotesAdapter({ service, token })], policy: [], retry: { baseDelayMs: 1 } });
    const [agent, operator, fleet] = [await runtimeOn('agent-token'), await runtimeOn('operator-token'), await runtimeOn('agent-token')];
    const session = await agent.startSession({ agentId: 'triage-bot', reason: 'the session an operator ends' });
    let another = await fleet.startSession({ agentId: 'digest-bot', reason: 'another agent of the fleet' });
    while (!onAnotherChain(another.id, session.id)) another = await fleet.startSession({ agentId: 'digest-bot', reason: 'another agent of the fleet' });
    await session.run('notes.note.create', { title: 'before the end' });
    await holdEndsOf(schema, session.id, async (gate) => {
      // The operator ends the session to roll it back (its end takes its seq, then waits to commit) ...
      const ending = operator.endSession(session.id, { by: 'operator', reason: 'rolling it back' });
      await waitUntilHeld();
      // ... while another agent's session ends and commits, with a later seq.
      await another.end();
      // The agent's next call comes after its runtime's poll interval, so it reads the journal's ends again.
      await pause(250);
      const call = session.run('notes.note.create', { title: 'after the end' }).then(
        () => 'sent',
        (error: unknown) => (error as { code?: string }).code,
      );
      await Promise.race([call, pause(300)]);
      await gate.query(`SELECT pg_advisory_unlock(${HOLD})`);
      await ending;
      // The end committed before the call's intent (which waits on the same chain): the call must not be sent.
      expect(await call).toBe('session_ended');
    });
    expect(await session.run('notes.note.create', { title: 'later still' }).catch((error: { code?: string }) => error.code)).toBe('session_ended');
    // What the notes service holds, read straight from it.
    expect(service.inspect().map((note) => note.title)).toEqual(['before the end']);
  });
});

/**
 * Runs `work` while the insert of `sessionId`'s end waits on a lock the gate connection holds: that
 * append has its seq (and its chain's lock) but has not committed until `work` unlocks the gate.
 */
async function holdEndsOf(schema: string, sessionId: string, work: (gate: pg.Client) => Promise<void>): Promise<void> {
  await withDirectConnection((client) =>
    client.query(`CREATE FUNCTION "${schema}".hold_end() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.session_id = '${sessionId}' AND NEW.type = 'session.ended' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD}); END IF; RETURN NEW; END $$;
      CREATE TRIGGER hold_end BEFORE INSERT ON "${schema}".entries FOR EACH ROW EXECUTE FUNCTION "${schema}".hold_end()`),
  );
  await withDirectConnection(async (gate) => {
    await gate.query(`SELECT pg_advisory_lock(${HOLD})`);
    try {
      await work(gate);
    } finally {
      await gate.query(`SELECT pg_advisory_unlock_all()`);
    }
  });
}

/** Waits until an append is waiting at the gate (it has taken its seq). */
async function waitUntilHeld(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const waiting = await withDirectConnection(async (client) => (await client.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [HOLD])).rowCount);
    if (waiting) return;
    await pause(10);
  }
  throw new Error('the held append never reached its insert');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
