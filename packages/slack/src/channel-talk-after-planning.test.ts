// A channel the agent created is archived only while nobody else talks in it, and that is checked
// when the archive runs, not only when the rollback was planned: a person who writes in it while the
// rollback's earlier steps run (seconds, paced under Slack's rate limits) must not see their
// conversation archived. The channel is a container of messages: read again before it is archived
// once its plan is over a second old, as core does for every removal. Read back through the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { clockWithPerson, startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('slack: a person writes in the agent’s channel after the rollback was planned', () => {
  it('keeps the channel unarchived, the step a conflict', async () => {
    const clock = clockWithPerson();
    const { simulator, adapter } = await startSlack({ clock });
    const journal = createSqliteJournal({ path: ':memory:' });
    open.push(simulator, journal);
    const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
    const session = await runtime.startSession({ agentId: 'organizer' });
    const created = await session.run<{ channel: { id: string } }>('slack.channel.create', { name: 'vendor-review' });
    const channel = created.channel.id;
    await session.run('slack.message.post', { channel, text: 'Kicking off the vendor review' });
    await session.end();
    const person = simulator.client();
    await person.conversations.join({ channel });

    const report = await runtime.rollback(session.id, {
      onPlanned: async () => {
        // Two seconds on (the rollback's first steps), she answers in the channel.
        clock.pass(2_000);
        await person.chat.postMessage({ channel, text: 'Wait, I still need this channel' });
      },
    });

    expect(simulator.workspace.channels.get(channel)!.isArchived).toBe(false);
    expect(report.steps.find((step) => step.action === 'slack.channel.create')?.outcome).toBe('conflict');
  });
});
