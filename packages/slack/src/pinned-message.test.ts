// A person who pinned the agent's message marked it as the channel's to keep, as a reaction or a reply
// does: the rollback corrects it in place rather than deleting it from under the pin. The agent's own
// pin, taken off first by the same rollback, is no one's. Read back from the simulator's own state.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function agentPosts(text: string) {
  const { simulator, adapter } = await startSlack();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock: scaledClock(100) });
  const session = await runtime.startSession({ agentId: 'support-bot' });
  const channel = simulator.seed.channel;
  const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text });
  return { simulator, runtime, session, channel, posted };
}

it("corrects, not deletes, the agent's message a person pinned since; the pin stays", async () => {
  const { simulator, runtime, session, channel, posted } = await agentPosts('Incident runbook: restart the payments worker');
  await session.end();
  await simulator.client().pins.add({ channel, timestamp: posted.ts });

  const report = await runtime.rollback(session.id);

  expect(report.steps[0]).toMatchObject({ action: 'slack.message.post', remedy: 'gentler', outcome: 'corrected' });
  const message = simulator.workspace.findMessage(channel, posted.ts)!;
  expect(message.text).toBe(DEFAULT_CORRECTION_TEXT);
  expect(simulator.workspace.channels.get(channel)!.pins.has(posted.ts), 'the person’s pin is still there').toBe(true);
});

it("deletes the agent's message whose only pin is the agent's own, taken off first", async () => {
  const { simulator, runtime, session, channel, posted } = await agentPosts('Pinned by mistake');
  await session.run('slack.pin.add', { channel, timestamp: posted.ts });
  await session.end();

  const report = await runtime.rollback(session.id);

  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  expect(simulator.workspace.findMessage(channel, posted.ts), 'the message is deleted').toBeUndefined();
  expect(simulator.workspace.channels.get(channel)!.pins.has(posted.ts)).toBe(false);
});
