// Another agent session on the same bot token pins or reacts to the message the rolled-back session
// posted. Slack names one bot user for every session, so planning cannot tell that pin or reaction
// from the session's own (which the rollback takes off first); deleting the message would take the
// other session's work with it. The delete, run after the session's own undos, finds it still there
// and leaves the message in place: a conflict, never reported undone. Read back from the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { startSlack } from './test-support.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** The support bot's session posts a message (and ends); the workspace, runtime and message. */
async function agentPosted(text: string) {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
  const { simulator, adapter } = await startSlack({ clock });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  const session = await runtime.startSession({ agentId: 'support-bot' });
  const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text });
  return { simulator, runtime, session, channel, ts: posted.ts };
}

describe("slack: another session's pin or reaction on the agent's message (same bot token)", () => {
  it('a pin keeps the message and the pin; once that session is rolled back, the message is deleted', async () => {
    const { simulator, runtime, session, channel, ts } = await agentPosted('Incident runbook: restart the payments worker');
    await session.end();
    const librarian = await runtime.startSession({ agentId: 'librarian-bot' });
    await librarian.run('slack.pin.add', { channel, timestamp: ts });
    await librarian.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ action: 'slack.message.post', outcome: 'conflict' });
    expect(simulator.workspace.findMessage(channel, ts), 'the message is still there').toBeDefined();
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts), 'the other session’s pin is still there').toBe(true);

    // That session rolled back too (its pin taken off), its rollback finishes the first one's: the message goes.
    const pinUndone = await runtime.rollback(librarian.id);
    expect(pinUndone.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
      [librarian.id, 'slack.pin.add', 'verified'],
      [session.id, 'slack.message.post', 'verified'],
    ]);
    expect(simulator.workspace.findMessage(channel, ts)).toBeUndefined();
    const again = await runtime.rollback(session.id);
    expect(again.steps[0]).toMatchObject({ action: 'slack.message.post', status: 'already-undone' });
  });

  it('a reaction keeps the message and the reaction', async () => {
    const { simulator, runtime, session, channel, ts } = await agentPosted('Deploy 4242 is rolling out');
    await session.end();
    const triage = await runtime.startSession({ agentId: 'triage-bot' });
    await triage.run('slack.reaction.add', { channel, timestamp: ts, name: 'eyes' });
    await triage.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ action: 'slack.message.post', outcome: 'conflict' });
    const message = simulator.workspace.findMessage(channel, ts);
    expect(message ? [...message.reactions.keys()] : null, 'the message, with the other session’s reaction').toEqual(['eyes']);
  });

  it("the session's own pin and reaction are taken off first: the message is deleted", async () => {
    const { simulator, runtime, session, channel, ts } = await agentPosted('Pinned and acknowledged by mistake');
    await session.run('slack.pin.add', { channel, timestamp: ts });
    await session.run('slack.reaction.add', { channel, timestamp: ts, name: 'white_check_mark' });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.counts).toMatchObject({ undone: 3, conflicts: 0, failed: 0 });
    expect(simulator.workspace.findMessage(channel, ts), 'the message is deleted').toBeUndefined();
    expect(simulator.workspace.channels.get(channel)!.pins.has(ts)).toBe(false);
  });
});
