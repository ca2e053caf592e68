// Agent A posted a message, or scheduled one that Slack posted; agent B (a later session on the same bot
// token) edited it; the operator rolls back A first, then B. A correction would retract B's words (B's
// text now stands in the message) and, once B's undo put A's text back, leave A's wrong words in the
// channel with only a reply in the thread retracting them. So A's rollback keeps the message whole,
// naming B, and B's rollback, after putting A's text back, finishes A's undo: the message is deleted. A
// person's reply is still built on the message: A's rollback corrects it, as before.
// A scheduled message's edit is journaled under the posted message, the schedule under the scheduled
// one: the edit's inverse says which write made the message. Slack keeps an edited message's mark, so an
// edit put back by its undo (rolled back newest first, in one rollback with A, or made by A itself)
// would otherwise still read as others' work, and the message would be retracted instead of deleted.
// Read back from the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { keyInText } from './marker.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const visible = (text: string) => text.replace(/[\u200b\u200c\u2063]/g, '');

async function started() {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const { simulator, adapter } = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  /** The message and the replies under it, as people see them; undefined once deleted. */
  const thread = (ts: string) => {
    const message = simulator.workspace.findMessage(channel, ts);
    return message && !message.tombstone ? { text: visible(message.text), replies: message.replies.map((reply) => visible(simulator.workspace.findMessage(channel, reply)?.text ?? '')) } : undefined;
  };
  return { clock, simulator, runtime, human: simulator.client(), channel, thread };
}

async function postedThenEdited() {
  const { simulator, runtime, human, channel, thread } = await started();
  const a = await runtime.startSession({ agentId: 'status-bot' });
  const { ts } = await a.run<{ ts: string }>('slack.message.post', { channel, text: 'Payments are down' });
  await a.end();
  const b = await runtime.startSession({ agentId: 'editor-bot' });
  await b.run('slack.message.update', { channel, ts, text: 'Payments are degraded in EU only' });
  await b.end();
  return { simulator, runtime, human, channel, ts, a, b, thread: () => thread(ts) };
}

/** `edits`: a later session (the default), or the scheduling session itself once Slack posted its message. */
async function scheduledPostedThenEdited(edits: 'later session' | 'same session' = 'later session') {
  const { clock, simulator, runtime, human, channel, thread } = await started();
  const a = await runtime.startSession({ agentId: 'status-bot' });
  await a.run('slack.message.schedule', { channel, text: 'Payments are down', post_at: Math.floor(clock.now() / 1000) + 120 });
  if (edits === 'later session') await a.end();
  clock.advance(121_000);
  simulator.workspace.postDueMessages();
  const posted = [...simulator.workspace.messages.values()].find((message) => message.channel === channel && !message.tombstone && keyInText(message.text) !== undefined);
  if (!posted) throw new Error('Slack did not post the scheduled message');
  const ts = posted.ts;
  const b = edits === 'later session' ? await runtime.startSession({ agentId: 'editor-bot' }) : a;
  await b.run('slack.message.update', { channel, ts, text: 'Payments are degraded in EU only' });
  await b.end();
  return { simulator, runtime, human, channel, ts, a, b, thread: () => thread(ts) };
}

describe.each([
  { action: 'slack.message.post', made: postedThenEdited },
  { action: 'slack.message.schedule', made: () => scheduledPostedThenEdited() },
])('$action, then edited by a later session', ({ action, made }) => {
  it("keeps the message whole, and that session's rollback deletes it", async () => {
    const { runtime, a, b, thread } = await made();

    const first = await runtime.rollback(a.id);
    expect(first.steps[0]).toMatchObject({ action, outcome: 'conflict' });
    expect(first.steps[0]!.reason).toContain(`session ${b.id}`);
    expect(thread(), 'B’s words stand, with no retraction under them').toEqual({ text: 'Payments are degraded in EU only', replies: [] });

    const second = await runtime.rollback(b.id);
    expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
      [b.id, 'slack.message.update', 'verified'],
      [a.id, action, 'verified'],
    ]);
    expect(thread(), 'A’s wrong words are not back in the channel').toBeUndefined();
  });

  it("a person's reply to the edited message still gets A's message corrected", async () => {
    const { runtime, human, channel, ts, a, thread } = await made();
    await human.chat.postMessage({ channel, thread_ts: ts, text: 'Which regions?' });

    const first = await runtime.rollback(a.id);
    expect(first.steps[0]).toMatchObject({ action, outcome: 'corrected' });
    expect(thread()?.replies).toEqual(['Which regions?', expect.stringContaining('retracted')]);
  });
});

describe('slack.message.schedule, then edited', () => {
  it('rolled back newest first, the edit put back leaves nothing of it inside: the message is deleted', async () => {
    const { runtime, a, b, thread } = await scheduledPostedThenEdited();

    expect((await runtime.rollback(b.id)).steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(thread()?.text, 'B’s undo put A’s words back').toBe('Payments are down');

    const second = await runtime.rollback(a.id);
    expect(second.steps[0]).toMatchObject({ action: 'slack.message.schedule', outcome: 'verified' });
    expect(thread(), 'A’s wrong words are gone, not retracted under them').toBeUndefined();
  });

  it('rolled back in one rollback with the session that edited it, the message is deleted', async () => {
    const { runtime, a, b, thread } = await scheduledPostedThenEdited();

    const report = await runtime.rollbackIncident({ sessions: [a.id, b.id] });
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.message.update', 'verified'],
      ['slack.message.schedule', 'verified'],
    ]);
    expect(thread(), 'deleted, not replaced by a retraction').toBeUndefined();
  });

  it('edited by the agent that scheduled it, its rollback deletes the message', async () => {
    const { runtime, a, thread } = await scheduledPostedThenEdited('same session');

    const report = await runtime.rollback(a.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.message.update', 'verified'],
      ['slack.message.schedule', 'verified'],
    ]);
    expect(thread(), 'deleted, not replaced by a retraction').toBeUndefined();
  });
});
