// A non-Marketplace app may read conversations.history and .replies once a minute, 15 messages at a
// time: rolling back a 50-message session plans and verifies through narrow history ranges, many
// messages to a request, paced to the tier, so Slack never answers 429 and every message goes.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter, type Clock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from './slack-adapter.js';
import { startSlack, virtualClock } from './test-support.js';
import { keyInText } from './marker.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/**
 * A minute of Slack's tier passes in 0.1 s; the simulator, the adapter and the runtime share the clock.
 * Posts are spaced 3 s on it (5 ms real), not 1.1 s: a 1.8 ms timer fires on the next millisecond tick,
 * as early as a few microseconds on (seen: 9 µs, 5 ms on this clock), inside chat.postMessage's one a
 * second per channel (a 429 to the person, seen once on CI); a 5 ms timer waits at least 4.
 */
const clock = () => scaledClock(600);

async function setup(time: Clock = clock()) {
  const started = await startSlack({ clock: time, appKind: 'non-marketplace' });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(started.simulator, journal);
  const runtime = createRuntime({ journal, adapters: [started.adapter as Adapter], policy: [], clock: time });
  return { ...started, runtime, time, channel: started.simulator.seed.channel };
}

const historyReads = (entries: { path: string }[]) => entries.filter((entry) => entry.path === '/api/conversations.history' || entry.path === '/api/conversations.replies');

describe('slack: a non-Marketplace app (one history request a minute, 15 messages)', () => {
  it('rolls back a 50-message session without a single 429: every agent message deleted, every person’s kept', async () => {
    const { simulator, runtime, time, channel } = await setup();
    const person = simulator.client();
    const session = await runtime.startSession({ agentId: 'announcer' });
    const agentTs: string[] = [];
    const peopleTs: string[] = [];
    for (let count = 0; count < 50; count += 1) {
      // About one post a second per channel, as Slack asks of chat.postMessage.
      await time.sleep(3_000);
      agentTs.push((await session.run<{ ts: string }>('slack.message.post', { channel, text: `Status update ${count}` })).ts);
      if (count % 10 === 5) peopleTs.push(String((await person.chat.postMessage({ channel, text: `Thanks for update ${count}` })).ts));
    }
    await session.end();
    simulator.log.clear();

    const report = await runtime.rollback(session.id);

    expect(report.counts).toMatchObject({ undone: 50, failed: 0, conflicts: 0, unreachable: 0 });
    const entries = simulator.log.entries();
    expect(entries.filter((entry) => entry.status === 429)).toEqual([]);
    expect(simulator.stats.rateLimited).toBe(0);
    const left = [...simulator.workspace.messages.values()].filter((message) => message.channel === channel).map((message) => message.ts);
    expect(agentTs.filter((ts) => left.includes(ts))).toEqual([]);
    expect(peopleTs.every((ts) => left.includes(ts))).toBe(true);
    // Planning reads 55 messages in pages of 15; verifying, many deletions to a request.
    const reads = historyReads(entries);
    expect(reads.length).toBeLessThanOrEqual(14);
    expect(entries.filter((entry) => entry.path === '/api/chat.delete')).toHaveLength(50);
  }, 60_000);

  it('in a fresh process, tells the agent’s reply (read through its thread) from its message deleted since (nothing left to undo)', async () => {
    const { simulator, runtime, time, channel } = await setup();
    const session = await runtime.startSession({ agentId: 'announcer' });
    const parent = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Incident opened' });
    await time.sleep(3_000);
    const reply = await session.run<{ ts: string }>('slack.message.post', { channel, thread_ts: parent.ts, text: 'Paging the on-call' });
    await time.sleep(3_000);
    const removed = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Wrong incident number' });
    await session.run('slack.reaction.add', { channel, timestamp: parent.ts, name: 'rotating_light' });
    await session.end();
    // The bot itself, outside the session, deletes one message.
    await simulator.client(simulator.seed.tokens.agent).chat.delete({ channel, ts: removed.ts });
    simulator.log.clear();

    const rollbackAdapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, appKind: 'non-marketplace', clock: time });
    const report = await createRuntime({ journal: runtime.journal, adapters: [rollbackAdapter], policy: [], clock: time }).rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.status, step.outcome])).toEqual([
      ['slack.reaction.add', 'undo', 'verified'],
      ['slack.message.post', 'already-undone', 'skipped'],
      ['slack.message.post', 'undo', 'verified'],
      ['slack.message.post', 'undo', 'verified'],
    ]);
    expect(simulator.log.entries().filter((entry) => entry.status === 429)).toEqual([]);
    expect(simulator.workspace.findMessage(channel, parent.ts)).toBeUndefined();
    expect(simulator.workspace.findMessage(channel, reply.ts)).toBeUndefined();
  }, 60_000);

  it('finds a scheduled message Slack posted near its post time first, not paging through the busy hour after it', async () => {
    const { simulator, runtime, time, channel } = await setup(virtualClock());
    const person = simulator.client();
    const session = await runtime.startSession({ agentId: 'scheduler' });
    const postAt = Math.floor(time.now() / 1000) + 60;
    await session.run('slack.message.schedule', { channel, text: 'Standup moved to 10:30', post_at: postAt });
    await session.end();
    await time.sleep(5 * 60_000);
    // A busy channel afterwards: a hundred messages within the hour its posted message is looked for in.
    for (let count = 0; count < 100; count += 1) {
      await time.sleep(3_000);
      await person.chat.postMessage({ channel, text: `busy channel ${count}` });
    }
    const posted = () => [...simulator.workspace.messages.values()].filter((message) => message.channel === channel && keyInText(message.text) !== undefined);
    expect(posted()).toHaveLength(1);
    simulator.log.clear();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified' });
    expect(posted()).toEqual([]);
    const entries = simulator.log.entries();
    expect(entries.filter((entry) => entry.status === 429)).toEqual([]);
    // Found by the first read, around its time; deleted where it was seen, verified by the delete's answer.
    expect(historyReads(entries)).toHaveLength(1);
  }, 60_000);

  it('looks a post whose answer was lost up around the moment it was attempted: posted once, no 429', async () => {
    const { simulator, runtime, time, channel } = await setup();
    const person = simulator.client();
    for (let count = 0; count < 40; count += 1) {
      await time.sleep(3_000);
      await person.chat.postMessage({ channel, text: `earlier ${count}` });
    }
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'announcer' });
    simulator.log.clear();

    const result = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Only once' });

    expect(simulator.workspace.findMessage(channel, result.ts)!.text).toBe('Only once');
    const entries = simulator.log.entries();
    expect(entries.filter((entry) => entry.path === '/api/chat.postMessage')).toHaveLength(1);
    expect(entries.filter((entry) => entry.status === 429)).toEqual([]);
    expect(historyReads(entries)).toHaveLength(1);
  }, 60_000);
});

