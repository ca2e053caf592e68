// An agent that reacts by one of an emoji's other names (`thumbsup`) gets a reaction Slack lists under
// the canonical one (`+1`). Rollback still finds and removes the bot's reaction, and leaves a person's
// own 👍 on the same message. Read back through the person's own WebClient, as anyone in Slack sees it.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function agentOnAMessage() {
  const { simulator, adapter } = await startSlack();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock: scaledClock(100) });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const channel = simulator.seed.channel;
  const timestamp = simulator.workspace.channels.get(channel)!.timeline[0]!;
  return { simulator, runtime, session, channel, timestamp, dana: simulator.client() };
}

it("removes the agent's reaction added as `thumbsup` (listed as +1), and keeps a person's +1", async () => {
  const { simulator, runtime, session, channel, timestamp, dana } = await agentOnAMessage();
  await session.run('slack.reaction.add', { channel, timestamp, name: 'thumbsup' });
  await dana.reactions.add({ channel, timestamp, name: '+1' });
  await session.end();

  const report = await runtime.rollback(session.id);

  expect(report.counts).toMatchObject({ failed: 0, conflicts: 0 });
  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions.filter((reaction) => reaction.users?.includes(simulator.seed.botUserId)), "the bot's 👍 is gone").toEqual([]);
  expect(reactions, "Dana's own +1 stays").toEqual([{ name: '+1', users: [simulator.seed.humanUserId], count: 1 }]);
  // The report says the reaction was taken off, not that it was already gone.
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.reaction.add', 'verified']]);
});

it("removes the agent's skin-toned `thumbsup::skin-tone-3`, and keeps a person's plain +1", async () => {
  const { simulator, runtime, session, channel, timestamp, dana } = await agentOnAMessage();
  await dana.reactions.add({ channel, timestamp, name: '+1' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'thumbsup::skin-tone-3' });
  await session.end();

  await runtime.rollback(session.id);

  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions).toEqual([{ name: '+1', users: [simulator.seed.humanUserId], count: 1 }]);
});

it('leaves a +1 the bot already had when the agent adds `thumbsup` (Slack: already_reacted)', async () => {
  const { simulator, runtime, session, channel, timestamp, dana } = await agentOnAMessage();
  await simulator.client(simulator.seed.tokens.agent).reactions.add({ channel, timestamp, name: '+1' });
  await expect(session.run('slack.reaction.add', { channel, timestamp, name: 'thumbsup' })).resolves.toMatchObject({ already_reacted: true });
  await session.end();

  await runtime.rollback(session.id);

  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions).toEqual([{ name: '+1', users: [simulator.seed.botUserId], count: 1 }]);
});

it("removes the agent's `thumbsup` on a message the adapter read from the channel's history (many read at once)", async () => {
  const { simulator, runtime, channel, dana } = await agentOnAMessage();
  // The agent's own earlier post: the adapter knows it sits at the top level, and plans its reaction from one history read.
  const earlier = await runtime.startSession({ agentId: 'triage-bot' });
  const { ts: timestamp } = await earlier.run<{ ts: string }>('slack.message.post', { channel, text: 'Triage: payments outage' });
  await earlier.end();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('slack.reaction.add', { channel, timestamp, name: 'thumbsup' });
  await dana.reactions.add({ channel, timestamp, name: 'thumbsup' });
  await session.end();
  simulator.log.clear();

  const report = await runtime.rollback(session.id);

  expect(simulator.log.entries().map((entry) => entry.path)).toContain('/api/conversations.history');
  const reactions = (await dana.reactions.get({ channel, timestamp, full: true })).message?.reactions ?? [];
  expect(reactions).toEqual([{ name: '+1', users: [simulator.seed.humanUserId], count: 1 }]);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.reaction.add', 'verified']]);
});
