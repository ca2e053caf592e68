// Deferred effects on SQLite against the Slack simulator: an irreversible call (slack.message.delete)
// held in the session's outbox reaches Slack only when a person commits the session, exactly once (two
// releasers at once, a releaser whose answer was lost); a rollback first drops it and nothing is ever
// sent. Read back through the simulator's state and request log, and the journal's entries.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, WriterAudit, createContentKey, createRuntime, createWriterKey, isDeferredResult, sessionTimeline, signEntry, type DeferredResult, type JournalEntry, type PolicyRule, type RuntimeOptions } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { channelTexts, dataOf } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A Slack simulator with a message the bot posted, and runtimes on one SQLite file, as separate processes open it. */
async function outboxRig() {
  const simulator = await createSlackSimulator({ rateLimits: false });
  const path = join(mkdtempSync(join(tmpdir(), 'bs-deferred-')), 'journal.db');
  const { channel } = simulator.seed;
  const ts = String((await simulator.client(simulator.seed.tokens.agent).chat.postMessage({ channel, text: 'Launch moved to Friday' })).ts);
  const stores = [] as { close(): Promise<void> }[];
  const runtime = (options: Partial<RuntimeOptions> = {}) => {
    const journal = createSqliteJournal({ path });
    stores.push(journal);
    return createRuntime({ journal, adapters: [createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [], killSwitchPollMs: 50, ...options });
  };
  cleanup.push(async () => {
    for (const store of stores) await store.close();
    await simulator.close();
  });
  return { simulator, channel, ts, runtime };
}

/** chat.delete requests Slack received, from the simulator's own log. */
function deletesSent(simulator: SlackSimulator): number {
  return simulator.log.entries().filter((entry) => entry.path === '/api/chat.delete').length;
}

const typesOf = (entries: JournalEntry[]) => entries.map((entry) => entry.type);

describe('deferred effects: held, then sent when a person commits the session', () => {
  it('a held delete reaches Slack only on release, exactly once; a second release sends nothing', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    expect(await agent.checkPolicy(session, 'slack.message.delete', { channel, ts })).toMatchObject({ decision: 'defer', rule: 'defer-irreversible' });
    const answer = await session.run<DeferredResult>('slack.message.delete', { channel, ts }, { idempotencyKey: 'call-1', reasoning: 'the launch note is stale' });

    // Not an error and not a fake success: the model reads that it is held.
    expect(isDeferredResult(answer)).toBe(true);
    expect(answer).toMatchObject({ deferred: true, status: 'held', action: 'slack.message.delete', sessionId: session.id });
    expect(answer.message).toContain('held');
    expect(deletesSent(simulator)).toBe(0);
    expect(channelTexts(simulator, channel)).toContain('Launch moved to Friday');
    // The same call again answers the same, and still sends nothing.
    expect(await session.run('slack.message.delete', { channel, ts }, { idempotencyKey: 'call-1' })).toMatchObject({ status: 'held', deferredId: answer.deferredId });
    await expect(session.run('slack.message.delete', { channel, ts: '1700000000.000100' }, { idempotencyKey: 'call-1' })).rejects.toMatchObject({ code: 'idempotency_conflict' });
    await session.end();
    expect(deletesSent(simulator)).toBe(0);

    const [held] = await agent.journal.entriesOfType(['action.deferred']);
    expect(held).toMatchObject({ sessionId: session.id, action: 'slack.message.delete', idempotencyKey: 'call-1' });
    expect(dataOf(held!)).toMatchObject({ input: { channel, ts }, rule: 'defer-irreversible', reasoning: 'the launch note is stale' });

    // A person commits the session, from another process.
    const operator = runtime();
    expect(await operator.outbox.list({ sessionId: session.id })).toMatchObject([{ deferredId: answer.deferredId, status: 'held' }]);
    const report = await operator.outbox.release(session.id, { by: 'dana' });
    expect(report).toMatchObject({ sent: 1, actions: [{ deferredId: answer.deferredId, outcome: 'sent' }] });
    expect(deletesSent(simulator)).toBe(1);
    expect(channelTexts(simulator, channel)).not.toContain('Launch moved to Friday');

    // Sent under the original session and key, through the normal write path.
    const entries = await operator.journal.sessionEntries(session.id);
    expect(typesOf(entries).slice(-4)).toEqual(['session.ended', 'deferred.released', 'action.intent', 'action.committed']);
    const intent = entries.find((entry) => entry.type === 'action.intent')!;
    expect(intent).toMatchObject({ idempotencyKey: 'call-1', agentId: 'cleanup-agent' });
    expect(dataOf(intent)).toMatchObject({ deferredId: answer.deferredId, releasedBy: 'dana', release: 'person', providerKey: `${session.id}:call:call-1` });

    expect(await operator.outbox.release(session.id, { by: 'dana' })).toMatchObject({ sent: 0, actions: [{ outcome: 'already-sent' }] });
    expect(deletesSent(simulator)).toBe(1);
    expect(await operator.outbox.list({ sessionId: session.id })).toMatchObject([{ status: 'sent', released: { by: 'dana', trigger: 'person' } }]);
    const timeline = sessionTimeline(await operator.journal.sessionEntries(session.id));
    expect(timeline.filter((item) => item.kind === 'action').map((item) => item.kind === 'action' && item.outcome)).toEqual(['released', 'committed']);
  });

  it('a rollback before the release drops it: nothing ever reaches Slack, and a later release sends nothing', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    const answer = await session.run<DeferredResult>('slack.message.delete', { channel, ts });
    await session.run('slack.channel.topic.set', { channel, topic: 'Launch: Friday' });
    await session.end();

    const operator = runtime();
    const rollback = await operator.rollback(session.id);
    expect(rollback.dropped).toEqual([{ deferredId: answer.deferredId, sessionId: session.id, action: 'slack.message.delete', resource: expect.stringContaining(ts) }]);
    expect(rollback.summary).toContain('1 held call(s) dropped, never sent');
    expect(rollback.counts.undone).toBe(1);
    const [dropped] = await operator.journal.entriesOfType(['deferred.dropped']);
    expect(dataOf(dropped!)).toMatchObject({ rollbackId: rollback.rollbackId });

    const release = await operator.outbox.release(session.id, { by: 'dana' });
    expect(release).toMatchObject({ sent: 0, actions: [{ outcome: 'dropped' }] });
    // The agent asking again learns it was dropped.
    expect(await agent.outbox.list({ sessionId: session.id })).toMatchObject([{ status: 'dropped', dropped: { reason: expect.stringContaining('rolled back') } }]);
    expect(deletesSent(simulator)).toBe(0);
    expect(channelTexts(simulator, channel)).toContain('Launch moved to Friday');
    // The session's story says so.
    const timeline = sessionTimeline(await operator.journal.sessionEntries(session.id));
    expect(timeline.filter((item) => item.kind === 'action' && item.action === 'slack.message.delete')).toMatchObject([{ outcome: 'dropped', reason: expect.stringContaining('never sent') }]);
  });

  it('a kill with rollback drops what the session held', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    await session.run('slack.message.delete', { channel, ts });
    const operator = runtime();
    const { rolledBack } = await operator.kill({ scope: { sessionId: session.id }, reason: 'looks wrong', by: 'dana', rollback: true });
    expect(rolledBack[0]!.dropped).toHaveLength(1);
    expect(await operator.outbox.release(session.id, { by: 'dana' })).toMatchObject({ sent: 0, actions: [{ outcome: 'dropped' }] });
    expect(deletesSent(simulator)).toBe(0);
  });

  it('two releasers at once, in two processes and in one: sent once', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    await session.run('slack.message.delete', { channel, ts });
    await session.end();
    // Slow Slack down so both releases are surely in flight together.
    simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'delay', ms: 300, clock: 'real' });
    const [first, second] = [runtime(), runtime()];
    const reports = await Promise.all([first.outbox.release(session.id, { by: 'dana' }), second.outbox.release(session.id, { by: 'sam' }), first.outbox.release(session.id, { by: 'dana' })]);
    expect(reports.map((report) => report.sent).reduce((sum, sent) => sum + sent, 0)).toBe(1);
    expect(reports.flatMap((report) => report.actions.map((action) => action.outcome)).sort()).toEqual(['already-sent', 'already-sent', 'sent']);
    expect(deletesSent(simulator)).toBe(1);
    expect((await agent.journal.entriesOfType(['action.intent'])).filter((entry) => entry.sessionId === session.id)).toHaveLength(1);
  });

  it('a release whose answer was lost is looked up by its key by the next release, never sent again', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    await session.run('slack.message.delete', { channel, ts });
    await session.end();
    simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'drop-after-commit', times: 1 });
    const crashed = await runtime({ retry: { maxAttempts: 1 } }).outbox.release(session.id, { by: 'dana' });
    expect(crashed.actions[0]).toMatchObject({ outcome: 'failed', error: { code: 'outcome_unknown' } });
    expect(deletesSent(simulator)).toBe(1);
    // A rollback now must not drop it: it may have landed (it did).
    expect((await runtime().rollback(session.id)).dropped).toEqual([]);
    const again = await runtime().outbox.release(session.id, { by: 'dana' });
    expect(again.actions[0]).toMatchObject({ outcome: 'already-sent' });
    expect(deletesSent(simulator)).toBe(1);
    expect(channelTexts(simulator, channel)).not.toContain('Launch moved to Friday');
  });

  it('a call whose sensitive fields carry values is held only sealed: without content protection it is refused, nothing held or sent', async () => {
    const { simulator, channel, runtime } = await outboxRig();
    const posts = () => simulator.log.entries().filter((entry) => entry.path === '/api/chat.postMessage').length;
    const before = posts();
    const agent = runtime({ policy: [{ name: 'hold-posts', evaluate: ({ action }) => (action === 'slack.message.post' ? { kind: 'defer', reason: 'posts wait for review' } : { kind: 'allow' }) }] });
    const session = await agent.startSession({ agentId: 'writer' });
    await expect(session.run('slack.message.post', { channel, text: 'hello all' })).rejects.toMatchObject({ code: 'invalid_config' });
    expect(await agent.journal.entriesOfType(['action.deferred'])).toHaveLength(0);
    expect(posts()).toBe(before);
  });

  it('a defer rule holds a post with its text sealed; released by a runtime holding the key, it is posted once', async () => {
    const { simulator, channel, runtime } = await outboxRig();
    const content = { mode: 'encrypt' as const, current: 'k1', keys: { k1: createContentKey() } };
    const holdPosts: PolicyRule = { name: 'hold-posts', evaluate: ({ action }) => (action === 'slack.message.post' ? { kind: 'defer', reason: 'posts wait for review' } : { kind: 'allow' }) };
    const agent = runtime({ policy: [holdPosts], content });
    const session = await agent.startSession({ agentId: 'writer' });
    expect(await session.run('slack.message.post', { channel, text: 'Quarterly numbers: up 12%' })).toMatchObject({ deferred: true, status: 'held' });
    await session.end();
    const [held] = await agent.journal.entriesOfType(['action.deferred']);
    expect(JSON.stringify(held!.data)).not.toContain('Quarterly');
    expect(dataOf(held!)).toMatchObject({ rule: 'hold-posts', reason: 'posts wait for review' });
    expect(channelTexts(simulator, channel)).not.toContain('Quarterly numbers: up 12%');

    // Without the key the held text cannot be read, so nothing is sent.
    expect((await runtime().outbox.release(session.id, { by: 'dana' })).actions[0]).toMatchObject({ outcome: 'failed', error: { message: expect.stringContaining('cannot be read') } });
    expect(channelTexts(simulator, channel)).not.toContain('Quarterly numbers: up 12%');
    expect(await runtime({ content }).outbox.release(session.id, { by: 'dana' })).toMatchObject({ sent: 1 });
    expect(channelTexts(simulator, channel).filter((text) => text === 'Quarterly numbers: up 12%')).toHaveLength(1);
  });
});

describe('deferred effects: who may release', () => {
  it('an agent cannot release what it held; an operator-signed intent that sends no released deferral is not trusted', async () => {
    const { simulator, channel, ts, runtime } = await outboxRig();
    const agentKey = createWriterKey('cleanup-agent', 'agent');
    const operatorKey = createWriterKey('dana', 'operator');
    const keyring = { writers: [agentKey.trusted, operatorKey.trusted] };
    const agent = runtime({ writer: agentKey.identity, keyring });
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    await session.run('slack.message.delete', { channel, ts });
    await session.end();

    await expect(agent.outbox.release(session.id, { by: 'cleanup-agent' })).rejects.toSatisfy((error) => BackspaceError.isInstance(error) && error.code === 'unauthorized');
    expect(deletesSent(simulator)).toBe(0);

    // An operator making up an agent's write: signed by a trusted operator, but it releases nothing.
    const operator = runtime({ writer: operatorKey.identity, keyring });
    await operator.journal.append(signEntry({ type: 'action.intent', sessionId: session.id, agentId: 'cleanup-agent', actionId: 'forged', action: 'slack.message.post', idempotencyKey: 'x', at: new Date().toISOString(), data: { input: { channel, text: 'hi' }, inputHash: 'h' } }, operatorKey.identity));
    const audit = new WriterAudit(keyring);
    const problems = (await operator.journal.sessionEntries(session.id)).map((entry) => audit.check(entry)).filter((problem) => problem !== null);
    expect(problems).toEqual([expect.stringContaining('sends no released deferred action')]);

    // The operator's release is trusted end to end.
    expect(await operator.outbox.release(session.id, { by: 'dana' })).toMatchObject({ sent: 1 });
    expect(deletesSent(simulator)).toBe(1);
    const replay = new WriterAudit(keyring);
    const released = (await operator.journal.sessionEntries(session.id)).filter((entry) => entry.type !== 'action.intent' || entry.actionId !== 'forged');
    expect(released.map((entry) => replay.check(entry))).toEqual(released.map(() => null));
  });
});
