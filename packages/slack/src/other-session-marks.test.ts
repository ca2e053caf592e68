// Another agent session on the same bot token pins or reacts to the message the rolled-back session
// posted. Slack names one bot user for every session, so planning cannot tell that pin or reaction
// from the session's own (which the rollback takes off first); deleting the message would take the
// other session's work with it. The delete, run after the session's own undos, finds it still there
// and leaves the message in place: a conflict, never reported undone. A message the session scheduled
// and Slack posted is journaled under the scheduled message: its pin and reactions by the bot are named
// among what is built on it, so the journal says whose they are, and the other session's keep it whole
// (not retracted) until that session's rollback takes them off and finishes the delete. Read back from
// the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { keyInText } from './marker.js';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/**
 * The support bot's session posts a message, or schedules one that Slack posts (`scheduled`), and
 * ends; the workspace, runtime, message and the action the rollback undoes.
 */
async function agentPosted(text: string, scheduled = false) {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const { simulator, adapter } = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  const session = await runtime.startSession({ agentId: 'support-bot' });
  if (!scheduled) {
    const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text });
    return { simulator, runtime, session, channel, ts: posted.ts, action: 'slack.message.post' };
  }
  await session.run('slack.message.schedule', { channel, text, post_at: Math.floor(clock.now() / 1000) + 120 });
  clock.advance(121_000);
  simulator.workspace.postDueMessages();
  const posted = [...simulator.workspace.messages.values()].find((message) => message.channel === channel && !message.tombstone && keyInText(message.text) !== undefined);
  if (!posted) throw new Error('Slack did not post the scheduled message');
  return { simulator, runtime, session, channel, ts: posted.ts, action: 'slack.message.schedule' };
}

/** The message as people see it: its visible text and the replies under it; undefined once deleted. */
function seen(simulator: Awaited<ReturnType<typeof agentPosted>>['simulator'], channel: string, ts: string) {
  const message = simulator.workspace.findMessage(channel, ts);
  const visible = (text: string) => text.replace(/[\u200b\u200c\u2063]/g, '');
  return message && !message.tombstone ? { text: visible(message.text), replies: message.replies.length } : undefined;
}

describe.each([
  { made: 'posted', scheduled: false },
  { made: 'scheduled, then posted by Slack', scheduled: true },
])("slack: another session's reaction on the agent's message, and the session's own marks ($made; same bot token)", ({ scheduled }) => {
  it("a reaction keeps the message and the reaction; that session's rollback deletes it", async () => {
    const { simulator, runtime, session, channel, ts, action } = await agentPosted('Deploy 4242 is rolling out', scheduled);
    await session.end();
    const triage = await runtime.startSession({ agentId: 'triage-bot' });
    await triage.run('slack.reaction.add', { channel, timestamp: ts, name: 'eyes' });
    await triage.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ action, outcome: 'conflict' });
    const message = simulator.workspace.findMessage(channel, ts);
    expect(message ? [...message.reactions.keys()] : null, 'the message, with the other session’s reaction').toEqual(['eyes']);
    expect(seen(simulator, channel, ts), 'not retracted').toEqual({ text: 'Deploy 4242 is rolling out', replies: 0 });

    const reactionUndone = await runtime.rollback(triage.id);
    expect(reactionUndone.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
      [triage.id, 'slack.reaction.add', 'verified'],
      [session.id, action, 'verified'],
    ]);
    expect(seen(simulator, channel, ts)).toBeUndefined();
  });

  it("the session's own pin and reaction are taken off first: the message is deleted", async () => {
    const { simulator, runtime, session, channel, ts } = await agentPosted('Pinned and acknowledged by mistake', scheduled);
    await session.run('slack.pin.add', { channel, timestamp: ts });
    await session.run('slack.reaction.add', { channel, timestamp: ts, name: 'white_check_mark' });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.counts).toMatchObject({ undone: 3, conflicts: 0, failed: 0 });
    expect(seen(simulator, channel, ts), 'the message is deleted').toBeUndefined();
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts)).toBe(false);
  });
});

describe("slack: another session's pin on the agent's message (same bot token)", () => {
  it('a pin keeps the message and the pin; once that session is rolled back, the message is deleted', async () => {
    const { simulator, runtime, session, channel, ts, action } = await agentPosted('Incident runbook: restart the payments worker');
    await session.end();
    const librarian = await runtime.startSession({ agentId: 'librarian-bot' });
    await librarian.run('slack.pin.add', { channel, timestamp: ts });
    await librarian.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ action, outcome: 'conflict' });
    expect(seen(simulator, channel, ts), 'the message is still there, not retracted').toEqual({ text: 'Incident runbook: restart the payments worker', replies: 0 });
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts), 'the other session’s pin is still there').toBe(true);

    // That session rolled back too (its pin taken off), its rollback finishes the first one's: the message goes.
    const pinUndone = await runtime.rollback(librarian.id);
    expect(pinUndone.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
      [librarian.id, 'slack.pin.add', 'verified'],
      [session.id, action, 'verified'],
    ]);
    expect(seen(simulator, channel, ts)).toBeUndefined();
    const again = await runtime.rollback(session.id);
    expect(again.steps[0]).toMatchObject({ action, status: 'already-undone' });
  });

  it('on a message the agent scheduled, corrects it and keeps the pin: that pin cannot say which write made the message', async () => {
    const { simulator, runtime, session, channel, ts } = await agentPosted('Incident runbook: restart the payments worker', true);
    await session.end();
    const librarian = await runtime.startSession({ agentId: 'librarian-bot' });
    await librarian.run('slack.pin.add', { channel, timestamp: ts });
    await librarian.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ action: 'slack.message.schedule', outcome: 'corrected' });
    expect(report.steps[0]!.reason).toContain(`session ${librarian.id}`);
    expect(seen(simulator, channel, ts)?.text, 'the agent’s words are gone, the message corrected').toBe(DEFAULT_CORRECTION_TEXT);
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts), 'the other session’s pin is still there').toBe(true);

    const pinUndone = await runtime.rollback(librarian.id);
    expect(pinUndone.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([[librarian.id, 'slack.pin.add', 'verified']]);
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts)).toBe(false);
    expect(seen(simulator, channel, ts)?.text).toBe(DEFAULT_CORRECTION_TEXT);
  });
});
