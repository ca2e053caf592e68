// Slack's history tier (one request a minute for a non-Marketplace app) makes waits inside the adapter's
// reads. A topic's rollback reads the channel's info alone, so no such wait sits between its reading
// and its restore, where a person's new topic would be lost. Planning that pages a channel's history
// newest first, a minute a page, ages the reading of the first page: a message whose reading began
// before the wait is read again before it is deleted, and a person's reaction added meanwhile keeps it.
// Read back from the simulator's workspace.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { clockWithPerson, startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});


/** A non-Marketplace app's simulator and a runtime on it, on the clock with a person. */
async function nonMarketplaceApp() {
  const clock = clockWithPerson();
  const { simulator, adapter } = await startSlack({ clock, appKind: 'non-marketplace' });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  return { clock, simulator, runtime: createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock }) };
}

describe('a topic set on a channel the bot made and posts in', () => {
  it('is put back from a reading of the channel alone: no history page, so no minute-long wait before the restore', async () => {
    const { clock, simulator, runtime } = await nonMarketplaceApp();
    const bot = simulator.client(simulator.seed.tokens.agent);
    const person = simulator.client();

    // A channel the bot made earlier, where it posts status updates; a person set its topic.
    const channel = String((await bot.conversations.create({ name: 'incident-4242' })).channel!.id);
    await person.conversations.join({ channel });
    await person.conversations.setTopic({ channel, topic: 'Incident 4242: investigating' });
    for (let count = 0; count < 20; count += 1) {
      await clock.sleep(3_000);
      await bot.chat.postMessage({ channel, text: `Status update ${count}` });
    }

    const session = await runtime.startSession({ agentId: 'incident-bot' });
    await session.run('slack.channel.topic.set', { channel, topic: 'Incident 4242: resolved' });
    await session.end();

    // Were the rollback to wait a minute for a history page, the person would set the topic right then.
    clock.arm(async () => {
      await person.conversations.setTopic({ channel, topic: 'Incident 4242: reopened, see thread' });
    });
    simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(clock.acted()).toBe(false);
    expect(simulator.log.entries().filter((entry) => entry.path.endsWith('conversations.history'))).toEqual([]);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(simulator.workspace.channel(channel).topic?.value).toBe('Incident 4242: investigating');
  }, 30_000);
});

describe('a person reacts to the agent’s newest message while planning pages the history for the older ones', () => {
  it('keeps the message and the reaction: read again before its deletion, it is left in place', async () => {
    const { clock, simulator, runtime } = await nonMarketplaceApp();
    const channel = simulator.seed.channel;
    const person = simulator.client();

    // Twenty status updates: planning reads them in two pages of 15, a minute apart, newest first.
    const session = await runtime.startSession({ agentId: 'announcer' });
    const posted: string[] = [];
    for (let count = 0; count < 20; count += 1) {
      await clock.sleep(3_000);
      posted.push((await session.run<{ ts: string }>('slack.message.post', { channel, text: `Status update ${count}` })).ts);
    }
    await session.end();
    const newest = posted.at(-1)!;

    // While planning waits for its second page, the person reacts to the newest update (read in the first).
    clock.arm(async () => {
      await person.reactions.add({ channel, timestamp: newest, name: 'eyes' });
    });
    const report = await runtime.rollback(session.id);

    expect(clock.acted()).toBe(true);
    const step = report.steps.find((candidate) => candidate.resource.endsWith(newest));
    const message = simulator.workspace.findMessage(channel, newest);
    // Read back from the simulator: the message the person reacted to is still there, with their reaction.
    expect({ kept: message !== undefined, reactions: message?.reactions ?? null, outcome: step?.outcome }).toEqual({ kept: true, reactions: expect.anything(), outcome: 'conflict' });
    expect(report.residue.join('\n')).toContain('after the rollback was planned');
  }, 30_000);
});

