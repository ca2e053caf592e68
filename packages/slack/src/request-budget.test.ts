// Requests one call of each action costs, counted at the simulator (its request log, not the adapter):
// each action declares the fewest Slack must receive and meets it; the bot's identity (auth.test) is
// asked once per adapter, not per call.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { slackConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const clock = scaledClock(100);
  const started = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(started.simulator, journal);
  const runtime = createRuntime({ journal, adapters: [started.adapter as Adapter], policy: [], clock });
  const session = await runtime.startSession({ agentId: 'budget' });
  return { ...started, session, channel: started.simulator.seed.channel };
}

describe('slack: requests per action', () => {
  it('every action declares its minimum and one call costs exactly that (after one auth.test per adapter)', async () => {
    const { simulator, adapter, session, channel } = await setup();
    const bot = simulator.client(simulator.seed.tokens.agent);
    const personsTs = simulator.workspace.channels.get(channel)!.timeline[0]!;
    const ownTs = async (text: string) => String((await bot.chat.postMessage({ channel, text })).ts);
    const calls: [string, () => Promise<Record<string, unknown>>][] = [
      ['slack.message.post', async () => ({ channel, text: 'Deploy finished' })],
      ['slack.message.update', async () => ({ channel, ts: await ownTs('Release at 5pm'), text: 'Release at 6pm' })],
      ['slack.message.delete', async () => ({ channel, ts: await ownTs('Temporary note') })],
      ['slack.message.schedule', async () => ({ channel, text: 'Retro at 4', post_at: Math.floor(Date.now() / 1000) + 3600 })],
      ['slack.reaction.add', async () => ({ channel, timestamp: personsTs, name: 'eyes' })],
      ['slack.pin.add', async () => ({ channel, timestamp: personsTs })],
      ['slack.channel.create', async () => ({ name: 'budget-room' })],
      ['slack.channel.topic.set', async () => ({ channel, topic: 'Budgets' })],
    ];
    expect(calls.map(([name]) => name).sort()).toEqual(adapter.actions.map((action) => action.name).sort());

    const counted: Record<string, { requests: number; minimum: number | undefined }> = {};
    let identityAsked = 0;
    for (const [name, arrange] of calls) {
      const input = await arrange();
      simulator.log.clear();
      await session.run(name, input);
      const requests = simulator.log.entries();
      identityAsked += requests.filter((entry) => entry.path === '/api/auth.test').length;
      counted[name] = { requests: requests.filter((entry) => entry.path !== '/api/auth.test').length, minimum: adapter.actions.find((action) => action.name === name)!.minimumRequests };
    }

    expect(identityAsked).toBeLessThanOrEqual(1);
    for (const [name, { requests, minimum }] of Object.entries(counted)) {
      expect(minimum, `${name} declares minimumRequests`).toBeGreaterThanOrEqual(1);
      expect({ name, requests }).toEqual({ name, requests: minimum });
    }
    expect(counted['slack.message.post']!.requests).toBe(1);
  });

  it("undoing one call costs a read to plan and the write, whose answer verifies it (a channel: its info and history to plan)", async () => {
    const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: slackConformanceCases });
    const overBudget = costs
      .filter((cost) => cost.rollbackRequests > cost.rollbackSteps * (cost.action === 'slack.channel.create' ? 3 : 2))
      .map((cost) => `${cost.action}: ${cost.rollbackRequests} requests for ${cost.rollbackSteps} step(s)`);
    expect(overBudget).toEqual([]);
    expect(costs.filter((cost) => cost.minimum === null || cost.requests > cost.minimum)).toEqual([]);
  }, 60_000);
});

