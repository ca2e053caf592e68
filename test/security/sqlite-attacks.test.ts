// Every tampering and authorization attack of issue #26 on the SQLite journal, tried as an attacker
// with an agent's access would: through the agent's runtime, the journal's append, or the file itself.
// Tampering must be found by the audit `backspace verify` runs (chains, writers, checkpoints);
// authorization attacks must be refused, checked in the notes service's own state.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditJournal, chainEntry, createWriterKey, entryParameters, signEntry, type JournalEntry, type NewEntry } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { openJournalFile, type JournalFileConnection } from '@backspace/testkit';
import { manualClock } from '../support/rig.js';
import { AGENT_TOKEN, HUMAN_TOKEN, createDeployment, type Deployment } from './deployment.js';
import { authz, tamper, writeReport } from './tally.js';

let deployment: Deployment;
beforeEach(() => {
  deployment = createDeployment();
});
afterEach(async () => deployment.close());
afterAll(writeReport);

/** What `backspace verify` reports with the deployment's keyring and checkpoint file. */
const audit = async () => auditJournal(deployment.store(), { keyring: deployment.keyring, checkpoints: deployment.checkpoints });

/** An agent session that asked for an approval (value at risk 150 over a threshold of 100). */
async function sessionAwaitingApproval() {
  const agent = deployment.runtime('agent');
  const session = await agent.startSession({ agentId: 'triage-bot' });
  const call = () => session.run<{ id: string }>('notes.note.create', { title: 'Refund 150' }, { idempotencyKey: 'refund-1', valueAtRisk: 150 });
  const requestId = await call().then(
    () => null,
    (error: { code: string; details: { requestId: string } }) => (error.code === 'approval_required' ? error.details.requestId : null),
  );
  expect(requestId).not.toBeNull();
  return { agent, session, call, requestId: requestId! };
}

/** Runs statements on the file with the append-only triggers dropped: what anyone with write access can do. */
function rawFile(statements: (db: JournalFileConnection) => void): void {
  const db = openJournalFile(deployment.path);
  db.exec('DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS entries_no_delete;');
  statements(db);
  db.close();
}

describe('tampering with the SQLite journal is detected', () => {
  it('a forged, unsigned approval appended through the journal', async () => {
    const { requestId } = await sessionAwaitingApproval();
    await deployment.store().append({ type: 'approval.granted', actionId: requestId, data: { by: 'ops-alice' } });
    const report = await audit();
    expect(tamper(!report.ok && report.problems.some((problem) => /approval.granted carries no writer signature/.test(problem.reason)))).toBe(true);
  });

  it('a kill and a resume signed with an agent key', async () => {
    for (const type of ['kill', 'resume'] as const) {
      await deployment.store().append(signEntry({ type, at: new Date().toISOString(), data: { scope: { agentId: 'triage-bot' }, by: 'ops-alice', reason: 'x' } }, deployment.keys.agent));
    }
    const report = await audit();
    expect(tamper(report.problems.filter((problem) => /only operator/.test(problem.reason)).length === 2)).toBe(true);
  });

  it('an action entry signed by one agent in another agent\'s session', async () => {
    const other = deployment.runtime('otherAgent');
    const victim = await other.startSession({ agentId: 'billing-bot' });
    await deployment.store().append(signEntry({ type: 'action.committed', sessionId: victim.id, agentId: 'billing-bot', actionId: 'forged-1', action: 'notes.note.create', resource: 'notes.note:n1', at: new Date().toISOString(), data: { result: null } }, deployment.keys.agent));
    const report = await audit();
    expect(tamper(report.problems.some((problem) => /which did not start it/.test(problem.reason)))).toBe(true);
  });

  it('an entry signed by a key the keyring does not know', async () => {
    const stranger = createWriterKey('ops-alice', 'operator').identity;
    await deployment.store().append(signEntry({ type: 'resume', at: new Date().toISOString(), data: { scope: 'all', by: 'ops-alice' } }, stranger));
    const report = await audit();
    expect(tamper(report.problems.some((problem) => /signature does not match/.test(problem.reason)))).toBe(true);
  });

  it('a replayed copy of an operator\'s resume', async () => {
    const operator = deployment.runtime('operator');
    await operator.kill({ scope: { agentId: 'triage-bot' }, reason: 'incident', by: 'ops-alice' });
    await operator.resume({ scope: { agentId: 'triage-bot' }, by: 'ops-alice' });
    await operator.kill({ scope: { agentId: 'triage-bot' }, reason: 'incident again', by: 'ops-alice' });
    const resume = (await deployment.store().entriesOfType(['resume']))[0]!;
    await deployment.store().append(copyOf(resume));
    const report = await audit();
    const replayDetected = report.problems.some((problem) => /replayed copy/.test(problem.reason));
    // And the fleet stays killed: the copy is never acted on.
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    const refused = await session.run('notes.note.create', { title: 'after the replay' }).then(() => false, (error: { code: string }) => error.code === 'killed');
    expect(tamper(replayDetected && refused)).toBe(true);
  });

  it('a malformed kill (scope null) is reported, and never stops the fleet', async () => {
    await deployment.store().append({ type: 'kill', data: { scope: null, reason: 'boom', by: 'x' } });
    const report = await audit();
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    const note = await session.run<{ id: string }>('notes.note.create', { title: 'still working' });
    expect(deployment.service.inspect().map((stored) => stored.id)).toContain(note.id);
    expect(tamper(report.problems.some((problem) => /malformed scope/.test(problem.reason)))).toBe(true);
  });

  it('the newest entries deleted (truncation)', async () => {
    const operator = deployment.runtime('operator');
    await operator.kill({ scope: { agentId: 'triage-bot' }, reason: 'incident', by: 'ops-alice' });
    rawFile((db) => db.exec('DELETE FROM entries WHERE seq > (SELECT max(seq) - 2 FROM entries)'));
    expect((await deployment.store().verify()).ok).toBe(true); // the chain alone cannot tell
    const report = await audit();
    expect(tamper(!report.ok && report.problems.some((problem) => /truncated, emptied or replaced/.test(problem.reason)))).toBe(true);
  });

  it('every entry deleted', async () => {
    await deployment.runtime('operator').kill({ scope: 'all', reason: 'incident', by: 'ops-alice' });
    rawFile((db) => db.exec('DELETE FROM entries'));
    const report = await audit();
    expect(tamper(!report.ok && report.problems.some((problem) => /is gone/.test(problem.reason)))).toBe(true);
  });

  it('the file replaced with an empty journal', async () => {
    await deployment.runtime('operator').kill({ scope: 'all', reason: 'incident', by: 'ops-alice' });
    await deployment.close();
    rmSync(deployment.path, { force: true });
    rmSync(`${deployment.path}-wal`, { force: true });
    rmSync(`${deployment.path}-shm`, { force: true });
    await createSqliteJournal({ path: deployment.path }).close();
    const report = await audit();
    expect(tamper(!report.ok && report.problems.length > 0)).toBe(true);
  });

  it('history rewritten and re-chained (every hash recomputed)', async () => {
    const { requestId } = await sessionAwaitingApproval();
    const operator = deployment.runtime('operator');
    await operator.approvals.deny(requestId, { by: 'ops-alice', reason: 'too much' });
    // The attacker turns the denial into a grant and re-chains every entry after it.
    rawFile((db) => {
      const rows = db.prepare('SELECT * FROM entries ORDER BY seq').all() as Record<string, unknown>[];
      db.exec('DELETE FROM entries');
      const insert = db.prepare('INSERT INTO entries (seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      let head: { seq: number; hash: string } | undefined;
      for (const row of rows) {
        const entry: NewEntry = { type: row.type === 'approval.denied' ? 'approval.granted' : (row.type as NewEntry['type']), sessionId: row.session_id as string, agentId: row.agent_id as string, actionId: row.action_id as string, action: row.action as string, idempotencyKey: row.idempotency_key as string, resource: row.resource as string, correlationId: row.correlation_id as string, at: row.at as string, data: JSON.parse(row.data as string) };
        const { entry: stored, dataJson } = chainEntry(entry, head);
        insert.run(...entryParameters(stored, dataJson));
        head = stored;
      }
    });
    expect((await deployment.store().verify()).ok).toBe(true); // a re-chained forgery links up
    const report = await audit();
    const found = report.problems.some((problem) => /signature does not match/.test(problem.reason)) && report.problems.some((problem) => /rewritten/.test(problem.reason));
    expect(tamper(found)).toBe(true);
  });
});

describe('authorization: writers are known and limited', () => {
  it('an agent cannot approve its own request', async () => {
    const { agent, requestId } = await sessionAwaitingApproval();
    const refused = await agent.approvals.approve(requestId, { by: 'ops-alice' }).then(() => false, (error: { code: string }) => error.code === 'unauthorized');
    expect(authz(refused)).toBe(true);
  });

  it('an approval signed by the agent itself does not let its call through', async () => {
    const { call, requestId } = await sessionAwaitingApproval();
    await deployment.store().append(signEntry({ type: 'approval.granted', actionId: requestId, idempotencyKey: 'refund-1', at: new Date().toISOString(), data: { by: 'ops-alice' } }, deployment.keys.agent));
    const refused = await call().then(() => false, (error: { code: string }) => error.code === 'approval_required');
    expect(authz(refused && deployment.service.inspect().length === 0)).toBe(true);
  });

  it('an agent cannot resume its own kill, by its runtime or by a signed entry', async () => {
    await deployment.runtime('operator').kill({ scope: { agentId: 'triage-bot' }, reason: 'incident', by: 'ops-alice' });
    const agent = deployment.runtime('agent');
    const direct = await agent.resume({ scope: { agentId: 'triage-bot' }, by: 'ops-alice' }).then(() => false, (error: { code: string }) => error.code === 'unauthorized');
    await deployment.store().append(signEntry({ type: 'resume', at: new Date().toISOString(), data: { scope: { agentId: 'triage-bot' }, by: 'ops-alice' } }, deployment.keys.agent));
    const session = await agent.startSession({ agentId: 'triage-bot' });
    const stillKilled = await session.run('notes.note.create', { title: 'sneaky' }).then(() => false, (error: { code: string }) => error.code === 'killed');
    expect(authz(direct && stillKilled && deployment.service.inspect().length === 0)).toBe(true);
  });

  it('an approval granted to one agent is not used by another with the same key and input', async () => {
    const { requestId } = await sessionAwaitingApproval();
    await deployment.runtime('operator').approvals.approve(requestId, { by: 'ops-alice' });
    const other = deployment.runtime('otherAgent');
    const session = await other.startSession({ agentId: 'billing-bot' });
    const refused = await session.run('notes.note.create', { title: 'Refund 150' }, { idempotencyKey: 'refund-1', valueAtRisk: 150 }).then(() => false, (error: { code: string }) => error.code === 'approval_required' || error.code === 'idempotency_conflict');
    expect(authz(refused && deployment.service.inspect().length === 0)).toBe(true);
  });

  it('an approval given at a value at risk of 150 is not replayed at 1e9', async () => {
    const { session, requestId } = await sessionAwaitingApproval();
    await deployment.runtime('operator').approvals.approve(requestId, { by: 'ops-alice' });
    const refused = await session.run('notes.note.create', { title: 'Refund 150' }, { idempotencyKey: 'refund-1', valueAtRisk: 1e9 }).then(() => false, (error: { code: string }) => error.code === 'approval_required');
    expect(authz(refused && deployment.service.inspect().length === 0)).toBe(true);
  });

  it('an approval expires (one hour by default)', async () => {
    let now = Date.parse('2026-12-03T10:00:00Z');
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const agent = deployment.runtime('agent', { clock });
    const session = await agent.startSession({ agentId: 'triage-bot' });
    const call = () => session.run('notes.note.create', { title: 'Refund 150' }, { idempotencyKey: 'late-1', valueAtRisk: 150 });
    const requestId = await call().then(() => '', (error: { details: { requestId: string } }) => error.details.requestId);
    await deployment.runtime('operator', { clock }).approvals.approve(requestId, { by: 'ops-alice' });
    now += 2 * 3_600_000;
    const refused = await call().then(() => false, (error: { code: string }) => error.code === 'approval_expired');
    expect(authz(refused && deployment.service.inspect().length === 0)).toBe(true);
  });

  it('the approver is who signed, not the name given with --by', async () => {
    const { requestId, call } = await sessionAwaitingApproval();
    await deployment.runtime('operator').approvals.approve(requestId, { by: 'the-ceo' });
    await call();
    const decision = (await deployment.store().entriesOfType(['approval.granted']))[0]!;
    expect(authz((decision.data as { by: string; givenBy: string }).by === 'ops-alice' && (decision.data as { givenBy: string }).givenBy === 'the-ceo')).toBe(true);
  });

  it('an agent cannot kill, end others\' sessions by rollback, or roll back', async () => {
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    await session.run('notes.note.create', { title: 'mine' });
    await session.end();
    const kill = await agent.kill({ scope: 'all', reason: 'x', by: 'ops-alice' }).then(() => false, (error: { code: string }) => error.code === 'unauthorized');
    const rollback = await agent.rollback(session.id).then(() => false, (error: { code: string }) => error.code === 'unauthorized');
    expect(authz(kill && rollback && deployment.service.inspect().length === 1)).toBe(true);
  });

  it('a rollback never runs a compensation forged into another agent\'s session', async () => {
    const human = await deployment.service.create(HUMAN_TOKEN, { title: 'A person\'s note', body: '', tags: [] });
    const other = deployment.runtime('otherAgent');
    const victim = await other.startSession({ agentId: 'billing-bot' });
    await victim.run('notes.note.create', { title: 'billing' });
    await victim.end();
    const forged = { operation: 'notes.note.delete', resource: { provider: 'notes', type: 'note', id: human.id }, input: { id: human.id }, strategy: 'guarded', fields: [], pre: null, post: {}, expect: { absent: true }, description: 'delete' };
    await deployment.store().append(signEntry({ type: 'action.committed', sessionId: victim.id, agentId: 'billing-bot', actionId: 'forged-2', action: 'notes.note.create', resource: `notes.note:${human.id}`, at: new Date().toISOString(), data: { result: { id: human.id }, compensation: forged } }, deployment.keys.agent));
    await deployment.store().append({ type: 'action.committed', sessionId: victim.id, agentId: 'billing-bot', actionId: 'forged-3', action: 'notes.note.create', resource: `notes.note:${human.id}`, data: { result: { id: human.id }, compensation: forged } });
    const report = await deployment.runtime('operator').rollback(victim.id);
    const kept = deployment.service.inspect().some((note) => note.id === human.id);
    expect(report.residue.filter((line) => /ignored/.test(line))).toHaveLength(2);
    expect(authz(kept)).toBe(true);
  });

  it('a rollback never takes a forged later intent for what an unsettled write left', async () => {
    const note = await deployment.service.create(HUMAN_TOKEN, { title: 'Draft', body: '', tags: [] });
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    // The agent's update never lands (every try answered 503): its outcome stays unknown until planning.
    deployment.service.injectFaults(...Array<'server-error'>(10).fill('server-error'));
    await expect(session.run('notes.note.update', { id: note.id, title: 'Agent title' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    // The person's own client retries past the 503s left over.
    for (let tries = 0; deployment.service.inspect().find((candidate) => candidate.id === note.id)?.title !== 'Person title' && tries < 10; tries += 1) {
      await deployment.service.update(HUMAN_TOKEN, note.id, { title: 'Person title' }).catch(() => undefined);
    }
    // Unsigned: an intent after it on the note whose pre-state says the update left the person's title.
    const pre = { title: 'Person title', body: '', tags: [], status: 'open', comments: 0, updatedBy: 'agent' };
    await deployment.store().append({ type: 'action.intent', sessionId: session.id, agentId: 'triage-bot', actionId: 'forged-intent', action: 'notes.note.update', resource: `notes.note:${note.id}`, idempotencyKey: 'forged-key', data: { input: { id: note.id, title: 'x' }, pre } });

    await deployment.runtime('operator').rollback(session.id);
    expect(authz(deployment.service.inspect().find((candidate) => candidate.id === note.id)?.title === 'Person title')).toBe(true);
  });

  describe('a write the journal holds no outcome for is never hidden by a forged entry', () => {
    // The operator's rollback waits out the in-flight time of the dead agent's write before settling it:
    // on a clock that skips ahead when it sleeps, at once.
    const operator = () => deployment.runtime('operator', { clock: manualClock(Date.now()) });
    /** The agent's process died as its create reached the notes service: its signed intent, the note, no outcome. */
    async function diedMidCreate() {
      const session = await deployment.runtime('agent').startSession({ agentId: 'triage-bot' });
      const key = `${session.id}:died`;
      await deployment.store().append(signEntry({ type: 'action.intent', sessionId: session.id, agentId: 'triage-bot', actionId: 'died-1', action: 'notes.note.create', idempotencyKey: key, at: new Date().toISOString(), data: { input: { title: 'Half-done' }, pre: null } }, deployment.keys.agent));
      const note = await deployment.service.create(AGENT_TOKEN, { title: 'Half-done', body: '', tags: [] }, key);
      return { session, key, note };
    }

    it('an unsigned outcome saying the create failed', async () => {
      const { session, key, note } = await diedMidCreate();
      await deployment.store().append({ type: 'action.failed', sessionId: session.id, agentId: 'triage-bot', actionId: 'died-1', action: 'notes.note.create', idempotencyKey: key, data: { error: { message: 'never sent' } } });
      await session.end();

      await operator().rollback(session.id);
      expect(authz(!deployment.service.inspect().some((candidate) => candidate.id === note.id))).toBe(true);
    });

    it('an unsigned commit saying another action created what the lookup finds', async () => {
      const { session, note } = await diedMidCreate();
      await deployment.store().append({ type: 'action.committed', sessionId: 'elsewhere', agentId: 'triage-bot', actionId: 'claimed-1', action: 'notes.note.create', resource: `notes.note:${note.id}`, data: { result: { id: note.id }, compensation: null } });
      await session.end();

      await operator().rollback(session.id);
      expect(authz(!deployment.service.inspect().some((candidate) => candidate.id === note.id))).toBe(true);
    });
  });

  it('an agent retrying its call is never answered by a forged outcome: the write is made', async () => {
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    // The call never lands (every try answered 503): its outcome is unknown, and the agent will retry it.
    deployment.service.injectFaults(...Array<'server-error'>(10).fill('server-error'));
    await expect(session.run('notes.note.create', { title: 'Invoice reminder' }, { idempotencyKey: 'remind-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    const intent = (await agent.journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.intent')!;
    // Unsigned: an outcome saying it was made, with a made-up answer.
    await deployment.store().append({ type: 'action.committed', sessionId: session.id, agentId: 'triage-bot', actionId: intent.actionId!, action: 'notes.note.create', idempotencyKey: intent.idempotencyKey!, resource: 'notes.note:n999', data: { result: { id: 'n999', title: 'Invoice reminder' }, compensation: null } });

    // The person's tries use up the 503s left over; then the agent retries with the same key.
    for (let tries = 0; tries < 10; tries += 1) await deployment.service.create(HUMAN_TOKEN, { title: 'drain', body: '', tags: [] }).catch(() => undefined);
    await session.run('notes.note.create', { title: 'Invoice reminder' }, { idempotencyKey: 'remind-1' });
    expect(authz(deployment.service.inspect().some((note) => note.title === 'Invoice reminder'))).toBe(true);
  });

  it('a rollback refuses an inverse whose input does not fit its operation, before the provider sees it', async () => {
    const human = await deployment.service.create(HUMAN_TOKEN, { title: 'A person\'s note', body: '', tags: [] });
    const agent = deployment.runtime('agent');
    const session = await agent.startSession({ agentId: 'triage-bot' });
    await session.end();
    const forged = { operation: 'notes.note.delete', resource: { provider: 'notes', type: 'note', id: human.id }, input: { id: human.id, cascade: 'everything' }, strategy: 'guarded', fields: [], pre: null, post: {}, expect: { absent: true }, description: 'delete' };
    await deployment.store().append(signEntry({ type: 'action.committed', sessionId: session.id, agentId: 'triage-bot', actionId: 'forged-4', action: 'notes.note.create', resource: `notes.note:${human.id}`, at: new Date().toISOString(), data: { result: { id: human.id }, compensation: forged } }, deployment.keys.agent));
    const report = await deployment.runtime('operator').rollback(session.id);
    const kept = deployment.service.inspect().some((note) => note.id === human.id);
    expect(report.steps[0]).toMatchObject({ outcome: 'failed', error: { message: expect.stringMatching(/does not fit the operation/) } });
    expect(authz(kept && report.counts.failed === 1)).toBe(true);
  });

  it('an agent cannot write an operator\'s entry through its runtime\'s journal either: the audit names it', async () => {
    const agent = deployment.runtime('agent');
    await agent.journal.append({ type: 'resume', data: { scope: 'all', by: 'ops-alice' } });
    const report = await audit();
    expect(authz(report.problems.some((problem) => /resume carries no writer signature/.test(problem.reason)))).toBe(true);
  });
});

/** A verbatim copy of a stored entry, as an attacker re-appending it would make. */
function copyOf(entry: JournalEntry): NewEntry {
  const { seq: _seq, id: _id, prevHash: _prev, hash: _hash, ...fields } = entry;
  return fields;
}

