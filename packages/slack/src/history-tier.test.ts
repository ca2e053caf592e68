// A non-Marketplace app may read conversations.history and .replies once a minute, 15 messages at a
// time: rolling back a 50-message session plans and verifies through narrow history ranges, many
// messages to a request, paced to the tier, so Slack never answers 429 and every message goes.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A minute of Slack's tier passes in 0.1 s; the simulator, the adapter and the runtime share the clock. */
const clock = () => scaledClock(600);

async function setup() {
  const time = clock();
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
      await time.sleep(1_100);
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
});
