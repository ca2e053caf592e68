// Agent A posted a message; agent B (a later session on the same bot token) edited it; the operator
// rolls back A first, then B. A correction would retract B's words (B's text now stands in the message)
// and, once B's undo put A's text back, leave A's wrong words in the channel with only a reply in the
// thread retracting them. So A's rollback keeps the message whole, naming B, and B's rollback, after
// putting A's text back, finishes A's undo: the message is deleted. A person's reply is still built on
// the message: A's rollback corrects it, as before. Read back from the simulator's records.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function postedThenEdited() {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const { simulator, adapter } = await startSlack({ clock });
  const human = simulator.client();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  const a = await runtime.startSession({ agentId: 'status-bot' });
  const { ts } = await a.run<{ ts: string }>('slack.message.post', { channel, text: 'Payments are down' });
  await a.end();
  const b = await runtime.startSession({ agentId: 'editor-bot' });
  await b.run('slack.message.update', { channel, ts, text: 'Payments are degraded in EU only' });
  await b.end();
  const thread = () => {
    const message = simulator.workspace.findMessage(channel, ts);
    return message && { text: message.text, replies: message.replies.map((reply) => simulator.workspace.findMessage(channel, reply)?.text) };
  };
  return { simulator, runtime, human, channel, ts, a, b, thread };
}

it("a later session's edit keeps the message whole, and that session's rollback deletes it", async () => {
  const { runtime, a, b, thread } = await postedThenEdited();

  const first = await runtime.rollback(a.id);
  expect(first.steps[0]).toMatchObject({ action: 'slack.message.post', outcome: 'conflict' });
  expect(first.steps[0]!.reason).toContain(`session ${b.id}`);
  expect(thread(), 'B’s words stand, with no retraction under them').toEqual({ text: 'Payments are degraded in EU only', replies: [] });

  const second = await runtime.rollback(b.id);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'slack.message.update', 'verified'],
    [a.id, 'slack.message.post', 'verified'],
  ]);
  expect(thread(), 'A’s wrong words are not back in the channel').toBeUndefined();
});

it("a person's reply to the edited message still gets A's message corrected", async () => {
  const { runtime, human, channel, ts, a, thread } = await postedThenEdited();
  await human.chat.postMessage({ channel, thread_ts: ts, text: 'Which regions?' });

  const first = await runtime.rollback(a.id);
  expect(first.steps[0]).toMatchObject({ action: 'slack.message.post', outcome: 'corrected' });
  expect(thread()?.replies).toEqual(['Which regions?', expect.stringContaining('retracted')]);
});
