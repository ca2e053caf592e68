// A long Slack rollback paces itself under the provider's limit (50 requests a minute): a step that
// waits its turn for a minute is read again against what it will really meet, so a reaction a person
// added meanwhile keeps its message. Read back through the simulator's workspace.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type Adapter, type Clock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { clockWithPerson, startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(clock: Clock) {
  const { simulator, adapter } = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  return { simulator, channel: simulator.seed.channel, runtime: createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock }) };
}

it('a person’s reactions added while the rollback waits on its own 50-a-minute pacing keep their messages', async () => {
  const clock = clockWithPerson();
  const { simulator, channel, runtime } = await setup(clock);
  const session = await runtime.startSession({ agentId: 'announcer' });
  const posted: string[] = [];
  for (let count = 0; count < 55; count += 1) {
    await clock.sleep(3_000);
    posted.push((await session.run<{ ts: string }>('slack.message.post', { channel, text: `Status update ${count}` })).ts);
  }
  await session.end();
  const reacted: string[] = [];
  const report = await runtime.rollback(session.id, {
    onPlanned: () =>
      // During the first long wait (the 51st delete waiting for the pacing window), a person reacts to the oldest updates.
      clock.arm(async () => {
        for (const ts of posted.slice(0, 8)) await simulator.client().reactions.add({ channel, timestamp: ts, name: 'eyes' }).then(() => reacted.push(ts), () => undefined);
      }),
  });
  expect(reacted.length).toBeGreaterThan(0);
  expect(reacted.filter((ts) => simulator.workspace.findMessage(channel, ts) === undefined), 'messages deleted under a person’s reaction').toEqual([]);
  expect(report.steps.filter((step) => reacted.some((ts) => step.resource.endsWith(ts))).map((step) => step.outcome)).not.toContain('verified');
}, 60_000);
