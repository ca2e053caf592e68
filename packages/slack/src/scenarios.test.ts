// The scenarios: a post others replied to is corrected, not deleted; Slack's refusals reach the
// caller with nothing journaled as committed; scheduled messages undone before and after they post.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, ProviderError, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { createSlackAdapter } from './slack-adapter.js';
import { startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

function runtimeFor(adapter: Adapter) {
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  return createRuntime({ journal, adapters: [adapter], policy: [], clock: scaledClock(100) });
}

async function slack(options: Parameters<typeof startSlack>[0] = {}) {
  const started = await startSlack(options);
  open.push(started.simulator);
  return started;
}

const messageIn = (simulator: SlackSimulator, channel: string, ts: string) => simulator.workspace.findMessage(channel, ts);

/** The agent's session posts `text` in the seeded channel, and ends. */
async function agentPosted(text: string) {
  const { simulator, adapter } = await slack();
  const runtime = runtimeFor(adapter);
  const session = await runtime.startSession({ agentId: 'support-bot' });
  const posted = await session.run<{ ts: string }>('slack.message.post', { channel: simulator.seed.channel, text });
  await session.end();
  return { simulator, runtime, session, posted };
}

describe('a post to the wrong channel that a human answered', () => {
  it('is corrected instead of deleted, the reply stays, and the report says so', async () => {
    const { simulator, runtime, session, posted } = await agentPosted('Refund approved for order 1234 (internal)');
    await simulator.client().chat.postMessage({ channel: simulator.seed.channel, thread_ts: posted.ts, text: 'Wait, why is this here?' });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'gentler' });
    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ outcome: 'corrected', remedy: 'gentler' });
    expect(report.residue.join('\n')).toMatch(/stays with a correction: its text replaced while it is still the agent's/);
    const message = messageIn(simulator, simulator.seed.channel, posted.ts)!;
    expect(message.text).toBe(DEFAULT_CORRECTION_TEXT);
    expect(message.replies.map((ts) => messageIn(simulator, simulator.seed.channel, ts)!.text)).toEqual(['Wait, why is this here?']);
  });

  it('is corrected by a reply in its thread when the rollback process chooses that', async () => {
    const { simulator, runtime, session, posted } = await agentPosted('Internal: pricing exception for ACME');
    await simulator.client().reactions.add({ channel: simulator.seed.channel, timestamp: posted.ts, name: 'eyes' });

    // Another process rolls back, configured to correct in the thread: same journal, its own adapter.
    const rollbackAdapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, correction: 'thread-reply' });
    const report = await createRuntime({ journal: runtime.journal, adapters: [rollbackAdapter], policy: [] }).rollback(session.id);

    expect(report.steps[0]).toMatchObject({ outcome: 'corrected', remedy: 'gentler' });
    const message = messageIn(simulator, simulator.seed.channel, posted.ts)!;
    expect(message.text).toBe('Internal: pricing exception for ACME');
    expect(message.replies.map((ts) => messageIn(simulator, simulator.seed.channel, ts)!.text)).toEqual([DEFAULT_CORRECTION_TEXT]);
    expect(message.reactions.get('eyes')).toEqual([simulator.seed.humanUserId]);
  });

  it('is corrected once when the correction’s answer is lost and the thread cannot be read right after', async () => {
    const { simulator, runtime, session, posted } = await agentPosted('Internal: pricing exception for ACME');
    await simulator.client().reactions.add({ channel: simulator.seed.channel, timestamp: posted.ts, name: 'eyes' });
    // The correction lands and its answer is lost; the next read of the thread fails.
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'POST', path: '/api/conversations.replies', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503 });

    const rollbackAdapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, correction: 'thread-reply' });
    await createRuntime({ journal: runtime.journal, adapters: [rollbackAdapter], policy: [], clock: scaledClock(100) }).rollback(session.id);

    const message = messageIn(simulator, simulator.seed.channel, posted.ts)!;
    expect(message.replies.map((ts) => messageIn(simulator, simulator.seed.channel, ts)!.text)).toEqual([DEFAULT_CORRECTION_TEXT]);
  });

  it('is deleted when the rollback is forced, and the human reply stays under a tombstone', async () => {
    const { simulator, runtime, session, posted } = await agentPosted('Oops');
    await simulator.client().chat.postMessage({ channel: simulator.seed.channel, thread_ts: posted.ts, text: 'I will keep this' });

    const report = await runtime.rollback(session.id, { force: true });

    expect(report.steps[0]).toMatchObject({ outcome: 'verified', remedy: 'inverse' });
    const message = messageIn(simulator, simulator.seed.channel, posted.ts)!;
    expect(message.tombstone).toBe(true);
    expect(messageIn(simulator, simulator.seed.channel, message.replies[0]!)!.text).toBe('I will keep this');
  });

  it('is simply deleted when nobody replied or reacted', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const session = await runtime.startSession({ agentId: 'support-bot' });
    const posted = await session.run<{ ts: string }>('slack.message.post', { channel: simulator.seed.channel, text: 'Wrong channel' });
    await session.run('slack.reaction.add', { channel: simulator.seed.channel, timestamp: posted.ts, name: 'rocket' });
    await session.run('slack.pin.add', { channel: simulator.seed.channel, timestamp: posted.ts });
    await session.end();

    const report = await runtime.rollback(session.id);

    // The agent's own reaction and pin are undone first; they are no reason to keep the message.
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.pin.add', 'verified'],
      ['slack.reaction.add', 'verified'],
      ['slack.message.post', 'verified'],
    ]);
    expect(messageIn(simulator, simulator.seed.channel, posted.ts)).toBeUndefined();
  });
});

describe("the agent tries to edit a human's message", () => {
  it("gets Slack's cant_update_message and nothing is journaled as committed", async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const humanTs = simulator.workspace.channels.get(simulator.seed.channel)!.timeline[0]!;
    const session = await runtime.startSession({ agentId: 'support-bot' });

    const attempt = session.run('slack.message.update', { channel: simulator.seed.channel, ts: humanTs, text: 'Edited by a bot' });

    await expect(attempt).rejects.toBeInstanceOf(ProviderError);
    await expect(attempt).rejects.toMatchObject({ providerCode: 'cant_update_message', outcomeUnknown: false });
    const types = (await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type);
    expect(types).toContain('action.failed');
    expect(types).not.toContain('action.committed');
    expect(messageIn(simulator, simulator.seed.channel, humanTs)!.text).toBe('Welcome to #general!');
  });

  it("gets cant_delete_message when it tries to delete one", async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const humanTs = simulator.workspace.channels.get(simulator.seed.channel)!.timeline[0]!;
    const session = await runtime.startSession({ agentId: 'support-bot' });

    await expect(session.run('slack.message.delete', { channel: simulator.seed.channel, ts: humanTs })).rejects.toMatchObject({ providerCode: 'cant_delete_message' });
    expect(messageIn(simulator, simulator.seed.channel, humanTs)).toBeDefined();
  });
});

describe('scheduled messages', () => {
  it('one behind more than a page of the bot’s other scheduled messages is still found waiting and cancelled', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, adapter } = await slack({ clock });
    const runtime = runtimeFor(adapter);
    const bot = simulator.client(simulator.seed.tokens.agent);
    const postAt = Math.floor(clock.now() / 1000) + 86_400;
    for (let count = 0; count < 120; count += 1) {
      clock.advance(1_500);
      await bot.chat.scheduleMessage({ channel: simulator.seed.channel, text: `Daily digest ${count}`, post_at: postAt + count });
    }
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel: simulator.seed.channel, text: 'Launch moved to Monday', post_at: postAt + 500 });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified' });
    const waiting = [...simulator.workspace.scheduled.values()].filter((entry) => !entry.postedTs).map((entry) => entry.text);
    expect(waiting.some((text) => text.includes('Launch moved to Monday'))).toBe(false);
    expect(waiting).toHaveLength(120);
  });

  it('are cancelled before their time, and deleted once Slack has posted them', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, adapter } = await slack({ clock });
    const runtime = runtimeFor(adapter);
    const postAt = Math.floor(clock.now() / 1000) + 3600;
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel: simulator.seed.channel, text: 'All-hands moved to Friday', post_at: postAt });
    await session.end();

    clock.advance(2 * 3600 * 1000);
    const posted = simulator.inspect().channels[simulator.seed.channel] as { messages: { text: string }[] };
    expect(posted.messages.at(-1)!.text).toContain('All-hands moved to Friday');

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ outcome: 'verified', remedy: 'inverse' });
    const after = simulator.inspect().channels[simulator.seed.channel] as { messages: { text: string }[] };
    expect(after.messages.map((message) => message.text).join('\n')).not.toContain('All-hands moved to Friday');
  });

  it('are corrected, not deleted, once posted and answered by someone', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, adapter } = await slack({ clock });
    const runtime = runtimeFor(adapter);
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel: simulator.seed.channel, text: 'Offsite cancelled', post_at: Math.floor(clock.now() / 1000) + 60 });
    await session.end();
    clock.advance(120_000);
    const history = await simulator.client().conversations.history({ channel: simulator.seed.channel, limit: 1 });
    const postedTs = history.messages![0]!.ts!;
    await simulator.client().chat.postMessage({ channel: simulator.seed.channel, thread_ts: postedTs, text: 'Wait, really?' });

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ outcome: 'corrected', remedy: 'gentler' });
    const message = messageIn(simulator, simulator.seed.channel, postedTs)!;
    expect(message.text.replace(/[\u200b\u200c\u2063]/g, '')).toBe(DEFAULT_CORRECTION_TEXT);
    expect(message.replies).toHaveLength(1);
  });

  it('declare when the exact inverse stops working and carry the key invisibly', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const postAt = Math.floor(Date.now() / 1000) + 600;
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel: simulator.seed.channel, text: 'Coffee at 3', post_at: postAt });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]!.compensation!.reversibleUntil).toBe(new Date(postAt * 1000).toISOString());
    expect(plan.steps[0]!.compensation!.afterExpiry!.description).toMatch(/delete the message scheduled as .*, posted at/);
    const [scheduled] = [...simulator.workspace.scheduled.values()];
    expect(scheduled!.text.startsWith('Coffee at 3')).toBe(true);
    expect(scheduled!.text.replace(/[\u200b\u200c\u2063]/g, '')).toBe('Coffee at 3');
  });
});

describe('failures between the agent and Slack', () => {
  it('a 500 on a post: the SDK does not retry, core looks the key up, and one message is posted', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', status: 503 });
    const session = await runtime.startSession({ agentId: 'support-bot' });

    await session.run('slack.message.post', { channel: simulator.seed.channel, text: 'Status page updated' });

    // In order: the failed post, the lookup by key (history with metadata), then the one real post.
    const calls = simulator.log.entries().map((entry) => `${entry.path.replace('/api/', '')} ${entry.status}`);
    expect(calls.filter((call) => call.startsWith('chat.postMessage'))).toEqual(['chat.postMessage 503', 'chat.postMessage 200']);
    const failedAt = calls.indexOf('chat.postMessage 503');
    expect(calls.slice(failedAt + 1, calls.indexOf('chat.postMessage 200'))).toContain('conversations.history 200');
    const texts = [...simulator.workspace.messages.values()].map((message) => message.text);
    expect(texts.filter((text) => text === 'Status page updated')).toHaveLength(1);
  });

  it('a post whose answer was lost, reacted to by a person before the rollback settles it, is corrected rather than deleted', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'drop-after-commit', times: 5 });
    simulator.faults.inject({ method: 'POST', path: '/api/conversations.history', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    const session = await runtime.startSession({ agentId: 'support-bot' });
    await expect(session.run('slack.message.post', { channel: simulator.seed.channel, text: 'Deploy freeze lifted' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    const channel = simulator.workspace.channels.get(simulator.seed.channel)!;
    const ts = channel.timeline.find((candidate) => messageIn(simulator, simulator.seed.channel, candidate)!.text.startsWith('Deploy freeze lifted'))!;
    await simulator.client().reactions.add({ channel: simulator.seed.channel, timestamp: ts, name: 'tada' });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.message.post', 'corrected']]);
    expect(messageIn(simulator, simulator.seed.channel, ts)!.reactions.get('tada')).toEqual([simulator.seed.humanUserId]);
  });

  it('a connection reset after Slack posted: found by its key, never posted twice', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'support-bot' });

    const result = await session.run<{ ts: string }>('slack.message.post', { channel: simulator.seed.channel, text: 'Only once' });

    expect(messageIn(simulator, simulator.seed.channel, result.ts)!.text).toBe('Only once');
    expect(simulator.log.entries().filter((entry) => entry.path === '/api/chat.postMessage')).toHaveLength(1);
  });
});

describe('reactions and pins that were already there', () => {
  it('are left in place by rollback', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const ts = simulator.workspace.channels.get(simulator.seed.channel)!.timeline[0]!;
    const bot = simulator.client(simulator.seed.tokens.agent);
    await bot.reactions.add({ channel: simulator.seed.channel, timestamp: ts, name: 'wave' });
    await bot.pins.add({ channel: simulator.seed.channel, timestamp: ts });
    const session = await runtime.startSession({ agentId: 'greeter' });
    await expect(session.run('slack.reaction.add', { channel: simulator.seed.channel, timestamp: ts, name: 'wave' })).resolves.toMatchObject({ already_reacted: true });
    await expect(session.run('slack.pin.add', { channel: simulator.seed.channel, timestamp: ts })).resolves.toMatchObject({ already_pinned: true });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => step.status)).toEqual(['already-undone', 'already-undone']);
    const message = messageIn(simulator, simulator.seed.channel, ts)!;
    expect(message.reactions.get('wave')).toEqual([simulator.seed.botUserId]);
    expect(simulator.workspace.channels.get(simulator.seed.channel)!.pins.has(ts)).toBe(true);
  });
});

describe('a channel the agent created', () => {
  it('is archived, its name staying taken, unless people already talk in it', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const session = await runtime.startSession({ agentId: 'organizer' });
    const quiet = await session.run<{ channel: { id: string } }>('slack.channel.create', { name: 'q3-planning' });
    const busy = await session.run<{ channel: { id: string } }>('slack.channel.create', { name: 'q3-offsite' });
    await session.end();
    await simulator.client().conversations.join({ channel: busy.channel.id });
    await simulator.client().chat.postMessage({ channel: busy.channel.id, text: 'I booked the venue already' });

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.resource, step.outcome])).toEqual([
      [`slack.channel:${busy.channel.id}`, 'conflict'],
      [`slack.channel:${quiet.channel.id}`, 'verified'],
    ]);
    expect(report.residue.join('\n')).toContain('#q3-planning is archived, not deleted: its name stays taken');
    expect(simulator.workspace.channels.get(quiet.channel.id)!.isArchived).toBe(true);
    expect(simulator.workspace.channels.get(busy.channel.id)!.isArchived).toBe(false);
    await expect(simulator.client().conversations.create({ name: 'q3-planning' })).rejects.toMatchObject({ data: { error: 'name_taken' } });
  });
});

describe('a deleted message', () => {
  it('is reported as irreversible residue', async () => {
    const { simulator, adapter } = await slack();
    const runtime = runtimeFor(adapter);
    const posted = await simulator.client(simulator.seed.tokens.agent).chat.postMessage({ channel: simulator.seed.channel, text: 'to delete' });
    const session = await runtime.startSession({ agentId: 'cleaner' });
    await session.run('slack.message.delete', { channel: simulator.seed.channel, ts: String(posted.ts) });
    await session.end();

    const plan = await runtime.planRollback(session.id);

    expect(plan.steps[0]!.status).toBe('irreversible');
    expect(plan.residue[0]).toMatch(/slack\.message\.delete .* irreversible/);
  });
});
