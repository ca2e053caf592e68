// A person who sets the channel topic the agent set to something else and then back to the agent's very
// text made that choice: the rollback keeps it, told from the agent by who Slack says set the topic last
// (`topic.creator`), and a topic nobody touched since is still put back at the same cost. The person
// writes with their own WebClient; everything is read back from the simulator's own state.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { SEED_TOPIC } from './simulator/index.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const clock = createManualClock(Date.UTC(2026, 11, 3, 9));
  const started = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(started.simulator, journal);
  const runtime = createRuntime({ journal, adapters: [started.adapter as Adapter], policy: [], clock });
  const channel = started.simulator.seed.channel;
  const topic = () => started.simulator.workspace.channels.get(channel)!.topic;
  const session = await runtime.startSession({ agentId: 'incident-bot' });
  await session.run('slack.channel.topic.set', { channel, topic: 'Incident: checkout down' });
  await session.end();
  return { ...started, runtime, session, channel, topic };
}

describe("slack: a person's choice of the agent's own topic", () => {
  it('keeps the topic a person set back to the agent’s text, as a conflict naming them', async () => {
    const { simulator, runtime, session, channel, topic } = await setup();
    const person = simulator.client();
    await person.conversations.setTopic({ channel, topic: 'Incident: checkout degraded' });
    // Within the same second as the agent's write would do too: who set it is part of its version.
    await person.conversations.setTopic({ channel, topic: 'Incident: checkout down' });

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining(`topic (set again by ${simulator.seed.humanUserId})`) });
    expect(topic()).toMatchObject({ value: 'Incident: checkout down', creator: simulator.seed.humanUserId });
  });

  it('puts back the topic nobody touched since, asking nothing more', async () => {
    const { simulator, runtime, session, topic } = await setup();

    simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
    expect(simulator.log.entries().filter((entry) => entry.path !== '/api/auth.test').map((entry) => entry.path)).toEqual(['/api/conversations.info', '/api/conversations.setTopic']);
    expect(topic().value).toBe(SEED_TOPIC);
  });
});
