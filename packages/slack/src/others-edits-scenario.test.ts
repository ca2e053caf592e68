// Another agent session on the same bot token edits what the rolled-back session posted or scheduled:
// Slack cannot tell the two apart (same bot user), only the journal can. A rollback keeps that
// session's text: it neither deletes the message under it nor overwrites it with the correction.
// Everything is read back from the simulator's own state, never through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter, type Clock, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(clock: Clock = createManualClock(Date.UTC(2026, 0, 5, 9)), retry?: { maxAttempts: number }) {
  const started = await startSlack({ clock });
  open.push(started.simulator);
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [started.adapter as Adapter], policy: [], clock, ...(retry ? { retry } : {}) });
  return { ...started, runtime, channel: started.simulator.seed.channel };
}

/** What people see of a message: its text without the invisible key. */
const visibleText = (simulator: SlackSimulator, channel: string, ts: string) => simulator.workspace.findMessage(channel, ts)?.text.replace(/[\u200b\u200c\u2063]/g, '');
/** The visible texts of a message's live replies, oldest first. */
const repliesOf = (simulator: SlackSimulator, channel: string, ts: string) =>
  simulator.workspace.findMessage(channel, ts)!.replies.map((reply) => visibleText(simulator, channel, reply));

describe("slack: another session's edit of the agent's message (same bot token)", () => {
  it('is kept: the correction is a reply in the thread, not a replacement of that session’s text (incident seed 20260054)', async () => {
    const { simulator, runtime, channel } = await setup();
    const first = await runtime.startSession({ agentId: 'support-bot' });
    const posted = await first.run<{ ts: string }>('slack.message.post', { channel, text: 'Checkout is down, investigating' });
    await first.end();
    await simulator.client().chat.postMessage({ channel, thread_ts: posted.ts, text: 'Seeing it too' });
    const second = await runtime.startSession({ agentId: 'status-bot' });
    await second.run('slack.message.update', { channel, ts: posted.ts, text: 'Checkout restored at 09:40, postmortem to follow' });
    await second.end();

    const report = await runtime.rollback(first.id);

    expect(report.steps[0]).toMatchObject({ action: 'slack.message.post', status: 'conflict', remedy: 'gentler', outcome: 'corrected' });
    expect(visibleText(simulator, channel, posted.ts)).toBe('Checkout restored at 09:40, postmortem to follow');
    expect(repliesOf(simulator, channel, posted.ts)).toEqual(['Seeing it too', DEFAULT_CORRECTION_TEXT]);
    expect(report.residue.join('\n')).toContain(`message ${posted.ts} in ${channel} stays with a correction: its text replaced while it is still the agent's; once someone else edited it, their text is kept and the correction is a reply in its thread`);

    // Rolled back again: nothing is run twice, and the report still says the message is there, corrected, not undone.
    const again = await runtime.rollback(first.id);
    expect(again.steps[0]).toMatchObject({ action: 'slack.message.post', status: 'already-undone', reason: expect.stringMatching(/^corrected by an earlier rollback at .* \(left in place: others built on it\)$/) });
    expect(again.residue.join('\n')).toMatch(/slack\.message\.post on .*: left in place, corrected by an earlier rollback/);
    expect(repliesOf(simulator, channel, posted.ts)).toEqual(['Seeing it too', DEFAULT_CORRECTION_TEXT]);
  });

  it('of a reply the agent posted in a thread: the edit kept, the reply kept whole for that session, whose rollback deletes it (incident seed 30007283)', async () => {
    const { simulator, runtime, channel } = await setup();
    const top = (await simulator.client().chat.postMessage({ channel, text: 'Release train leaves at 15:00' })).ts!;
    const first = await runtime.startSession({ agentId: 'support-bot' });
    const reply = await first.run<{ ts: string }>('slack.message.post', { channel, thread_ts: top, text: 'Holding the train for the hotfix' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'status-bot' });
    await second.run('slack.message.update', { channel, ts: reply.ts, text: 'Train left on time, hotfix in the next one' });
    await second.end();

    const report = await runtime.rollback(first.id);

    // Only the other session's edit keeps it: no correction, which would retract that session's words.
    expect(report.steps[0]).toMatchObject({ action: 'slack.message.post', status: 'conflict', remedy: 'none', outcome: 'conflict' });
    expect(report.steps[0]!.reason).toContain(`rolling back session ${second.id}`);
    expect(visibleText(simulator, channel, reply.ts)).toBe('Train left on time, hotfix in the next one');
    expect(repliesOf(simulator, channel, top)).toEqual(['Train left on time, hotfix in the next one']);

    const secondUndone = await runtime.rollback(second.id);
    expect(secondUndone.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
      [second.id, 'slack.message.update', 'verified'],
      [first.id, 'slack.message.post', 'verified'],
    ]);
    expect(repliesOf(simulator, channel, top)).toEqual([]);
  });

  it("is told from the agent's own edit, which the rollback undoes first: then the text is the agent's again and is replaced", async () => {
    const { simulator, runtime, channel } = await setup();
    const session = await runtime.startSession({ agentId: 'support-bot' });
    const posted = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Checkout is down, investigating' });
    await simulator.client().chat.postMessage({ channel, thread_ts: posted.ts, text: 'Seeing it too' });
    await session.run('slack.message.update', { channel, ts: posted.ts, text: 'Checkout is down, rolling back' });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.message.update', 'verified'],
      ['slack.message.post', 'corrected'],
    ]);
    expect(visibleText(simulator, channel, posted.ts)).toBe(DEFAULT_CORRECTION_TEXT);
    expect(repliesOf(simulator, channel, posted.ts)).toEqual(['Seeing it too']);
  });
});

/** The other session's rollback puts the agent's scheduled text back, then finishes the schedule's undo kept for it: the message is deleted. */
async function rollingBackTheEditorDeletesIt({ simulator, runtime, channel, postedTs, first, second }: { simulator: SlackSimulator; runtime: Runtime; channel: string; postedTs: string; first: { id: string }; second: { id: string } }) {
  const then = await runtime.rollback(second.id);
  expect(then.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [second.id, 'slack.message.update', 'verified'],
    [first.id, 'slack.message.schedule', 'verified'],
  ]);
  expect(simulator.workspace.findMessage(channel, postedTs)).toBeUndefined();
}

describe("slack: another session's edit of a message the agent scheduled, once Slack posted it (same bot token)", () => {
  it('is not deleted with it: a conflict naming that session, kept whole for it, whose rollback then deletes it (incident seed 20260062)', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const first = await runtime.startSession({ agentId: 'scheduler' });
    await first.run('slack.message.schedule', { channel, text: 'Offsite on Friday', post_at: Math.floor(clock.now() / 1000) + 60 });
    await first.end();
    clock.advance(120_000);
    const postedTs = (await simulator.client().conversations.history({ channel, limit: 1 })).messages![0]!.ts!;
    const second = await runtime.startSession({ agentId: 'status-bot' });
    await second.run('slack.message.update', { channel, ts: postedTs, text: 'Offsite moved to Monday' });
    await second.end();

    const report = await runtime.rollback(first.id);

    // A correction would act on that session's words, and outlive its undo: the message is kept whole.
    expect(report.steps[0]).toMatchObject({ action: 'slack.message.schedule', status: 'conflict', remedy: 'none', outcome: 'conflict' });
    expect(report.steps[0]!.reason).toContain(`by session ${second.id} (agent status-bot)`);
    expect(report.steps[0]!.reason).toContain(`kept whole, not corrected: rolling back session ${second.id}`);
    expect(visibleText(simulator, channel, postedTs)).toBe('Offsite moved to Monday');
    expect(repliesOf(simulator, channel, postedTs)).toEqual([]);
    await rollingBackTheEditorDeletesIt({ simulator, runtime, channel, postedTs, first, second });
  });

  it("is not deleted when the agent edited it after that session did: undoing the agent's edit gives that session's text back, kept whole for it (incident seeds 50000132, 50000197)", async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const first = await runtime.startSession({ agentId: 'scheduler' });
    await first.run('slack.message.schedule', { channel, text: 'Offsite on Friday', post_at: Math.floor(clock.now() / 1000) + 60 });
    clock.advance(120_000);
    const postedTs = (await simulator.client().conversations.history({ channel, limit: 1 })).messages![0]!.ts!;
    const second = await runtime.startSession({ agentId: 'status-bot' });
    await second.run('slack.message.update', { channel, ts: postedTs, text: 'Offsite moved to Monday' });
    await second.end();
    await first.run('slack.message.update', { channel, ts: postedTs, text: 'Offsite moved to Monday, bring snacks' });
    await first.end();

    const report = await runtime.rollback(first.id);

    // Undoing the agent's edit gives the other session's text back, not the agent's: the message is
    // that session's work until its rollback puts the agent's text back, which then finishes the delete.
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.message.update', 'verified'],
      ['slack.message.schedule', 'conflict'],
    ]);
    expect(visibleText(simulator, channel, postedTs)).toBe('Offsite moved to Monday');
    expect(repliesOf(simulator, channel, postedTs)).toEqual([]);
    await rollingBackTheEditorDeletesIt({ simulator, runtime, channel, postedTs, first, second });
  });

  it('is told from the agent’s own edit, undone first: the agent’s text back, the posted message is deleted', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel, text: 'Offsite on Friday', post_at: Math.floor(clock.now() / 1000) + 60 });
    clock.advance(120_000);
    const postedTs = (await simulator.client().conversations.history({ channel, limit: 1 })).messages![0]!.ts!;
    await session.run('slack.message.update', { channel, ts: postedTs, text: 'Offsite on Friday (venue: the boathouse)' });
    await session.end();

    const report = await runtime.rollback(session.id);

    // The edit's undo put back what the schedule left (the edit's inverse names the schedule as the write
    // that made the message): nothing of the edit is left, and Slack's edited mark is no one's work.
    expect(report.steps.map((step) => [step.action, step.status, step.outcome])).toEqual([
      ['slack.message.update', 'undo', 'verified'],
      ['slack.message.schedule', 'undo', 'verified'],
    ]);
    expect(simulator.workspace.findMessage(channel, postedTs)).toBeUndefined();
  });
});

describe('slack: a scheduled message whose answer was lost, posted by Slack and replied to before the rollback settles it', () => {
  it('is found by its key as Slack posted it: the reply is a person’s, so the message is corrected in place, not deleted', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    // One attempt per call: its retries would wait on the manual clock.
    const { simulator, runtime, channel } = await setup(clock, { maxAttempts: 1 });
    simulator.faults.inject({ method: 'POST', path: '/api/chat.scheduleMessage', kind: 'drop-after-commit', times: 5 });
    simulator.faults.inject({ method: 'POST', path: '/api/chat.scheduledMessages.list', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await expect(session.run('slack.message.schedule', { channel, text: 'Offsite on Friday', post_at: Math.floor(clock.now() / 1000) + 60 })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    clock.advance(120_000);
    const postedTs = (await simulator.client().conversations.history({ channel, limit: 1 })).messages![0]!.ts!;
    await simulator.client().chat.postMessage({ channel, thread_ts: postedTs, text: 'Can we do Thursday?' });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['slack.message.schedule', 'corrected']]);
    // Corrected in place (the default), the person's reply still under it.
    expect(visibleText(simulator, channel, postedTs)).toBe(DEFAULT_CORRECTION_TEXT);
    expect(repliesOf(simulator, channel, postedTs)).toEqual(['Can we do Thursday?']);
  });
});
