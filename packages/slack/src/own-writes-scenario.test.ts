// Scheduled messages Slack already posted (in a thread, far back in a busy channel, edited since), the
// agent's own replies under its own message, and writes whose answer was lost or unreadable: what a
// rollback undoes and what it keeps, read back from the simulator's own state.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Adapter, type Clock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createManualClock } from '@backspace/testkit';
import { startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(clock: Clock = scaledClock(100)) {
  const started = await startSlack({ clock });
  open.push(started.simulator);
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [started.adapter as Adapter], policy: [], clock });
  return { ...started, runtime, channel: started.simulator.seed.channel };
}

/** Every live message (top level or reply) whose visible text is `text`, read from the simulator's state. */
const visible = (simulator: SlackSimulator, text: string) =>
  [...simulator.workspace.messages.values()].filter((message) => !message.tombstone && message.text.replace(/[\u200b\u200c\u2063]/g, '') === text);

describe('slack: a scheduled message that Slack already posted', () => {
  it('as a reply in a thread is found there and deleted, not reported already undone', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const humanTs = simulator.workspace.channels.get(channel)!.timeline[0]!;
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel, thread_ts: humanTs, text: 'Reminder: the fix ships tonight', post_at: Math.floor(clock.now() / 1000) + 600 });
    await session.end();
    clock.advance(3600_000);
    await simulator.client().conversations.replies({ channel, ts: humanTs });
    expect(visible(simulator, 'Reminder: the fix ships tonight')).toHaveLength(1);

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified' });
    expect(visible(simulator, 'Reminder: the fix ships tonight')).toEqual([]);
    expect(simulator.workspace.findMessage(channel, humanTs)!.text).toBe('Welcome to #general!');
  });

  it('more than 200 messages ago is found around its post time and deleted', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel, text: 'Standup moved to 10:30', post_at: Math.floor(clock.now() / 1000) + 60 });
    await session.end();
    const person = simulator.client();
    for (let count = 0; count < 250; count += 1) {
      clock.advance(2_000);
      await person.chat.postMessage({ channel, text: `busy channel ${count}` });
    }
    expect(visible(simulator, 'Standup moved to 10:30')).toHaveLength(1);

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified' });
    expect(visible(simulator, 'Standup moved to 10:30')).toEqual([]);
    expect(visible(simulator, 'busy channel 0')).toHaveLength(1);
  });

  it('and the agent edited afterwards keeps its key: the edit and the message are both undone', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const { simulator, runtime, channel } = await setup(clock);
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('slack.message.schedule', { channel, text: 'Offsite on Friday', post_at: Math.floor(clock.now() / 1000) + 60 });
    clock.advance(120_000);
    const history = await simulator.client().conversations.history({ channel, limit: 1 });
    const postedTs = history.messages![0]!.ts!;
    await session.run('slack.message.update', { channel, ts: postedTs, text: 'Offsite on Friday (venue: the boathouse)' });
    await session.end();

    const report = await runtime.rollback(session.id);

    // Both found and undone: the edit reverted (its undo put back what the schedule left), then the message deleted.
    expect(report.steps.map((step) => [step.action, step.status, step.outcome])).toEqual([
      ['slack.message.update', 'undo', 'verified'],
      ['slack.message.schedule', 'undo', 'verified'],
    ]);
    expect(report.counts).toMatchObject({ undone: 2, corrected: 0, failed: 0 });
    expect(simulator.workspace.findMessage(channel, postedTs)).toBeUndefined();
  });
});

describe("slack: the agent's own reply under its own message", () => {
  it('is not others\' work: one rollback deletes the reply, then the message', async () => {
    const { simulator, runtime, channel } = await setup();
    const session = await runtime.startSession({ agentId: 'support-bot' });
    const parent = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Incident: checkout is down' });
    const reply = await session.run<{ ts: string }>('slack.message.post', { channel, thread_ts: parent.ts, text: 'Update: rolling back the deploy' });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.resource, step.status])).toEqual([
      [`slack.message:${channel}/${reply.ts}`, 'undo'],
      [`slack.message:${channel}/${parent.ts}`, 'undo'],
    ]);
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 2, corrected: 0, conflict: 0, failed: 0 });
    // Gone entirely: the reply went first, so the parent left no "This message was deleted." tombstone.
    expect(simulator.workspace.findMessage(channel, parent.ts)).toBeUndefined();
    expect(simulator.workspace.findMessage(channel, reply.ts)).toBeUndefined();
  });

  it("a person's reply in the thread still makes the message a conflict: corrected, her reply kept, the agent's reply deleted", async () => {
    const { simulator, runtime, channel } = await setup();
    const session = await runtime.startSession({ agentId: 'support-bot' });
    const parent = await session.run<{ ts: string }>('slack.message.post', { channel, text: 'Incident: checkout is down' });
    const reply = await session.run<{ ts: string }>('slack.message.post', { channel, thread_ts: parent.ts, text: 'Update: rolling back the deploy' });
    await session.end();
    const human = await simulator.client().chat.postMessage({ channel, thread_ts: parent.ts, text: 'Customers confirm, thanks' });

    const report = await runtime.rollback(session.id);

    const parentStep = report.steps.find((step) => step.resource === `slack.message:${channel}/${parent.ts}`)!;
    expect(parentStep).toMatchObject({ status: 'conflict', remedy: 'gentler', outcome: 'corrected' });
    expect(parentStep.reason).toContain(`slack.message:${channel}/${human.ts} by someone outside Backspace`);
    expect(simulator.workspace.findMessage(channel, reply.ts)).toBeUndefined();
    expect(simulator.workspace.findMessage(channel, String(human.ts))!.text).toBe('Customers confirm, thanks');
    expect(simulator.workspace.findMessage(channel, parent.ts)!.replies).toEqual([human.ts]);
  });

  it("another agent session's reply on the same token is not this session's: the message is corrected, naming that session", async () => {
    const { simulator, runtime, channel } = await setup();
    const first = await runtime.startSession({ agentId: 'support-bot' });
    const parent = await first.run<{ ts: string }>('slack.message.post', { channel, text: 'Incident: checkout is down' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'status-bot' });
    const theirs = await second.run<{ ts: string }>('slack.message.post', { channel, thread_ts: parent.ts, text: 'Status page updated' });
    await second.end();

    const report = await runtime.rollback(first.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'corrected' });
    expect(report.steps[0]!.reason).toContain(`by session ${second.id} (agent status-bot)`);
    expect(simulator.workspace.findMessage(channel, theirs.ts)!.text).toBe('Status page updated');
  });
});

describe('slack: writes whose answer was lost or unreadable', () => {
  it('a post retried after a 503 never adopts an identical earlier post: rollback deletes only its own', async () => {
    const { simulator, runtime, channel } = await setup();
    const first = await runtime.startSession({ agentId: 'deploy-bot' });
    const earlier = await first.run<{ ts: string }>('slack.message.post', { channel, text: 'Deploy finished' });
    await first.end();
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', status: 503 });
    const second = await runtime.startSession({ agentId: 'deploy-bot' });
    const later = await second.run<{ ts: string }>('slack.message.post', { channel, text: 'Deploy finished' });
    await second.end();

    expect(later.ts).not.toBe(earlier.ts);
    await runtime.rollback(second.id);
    expect(visible(simulator, 'Deploy finished').map((message) => message.ts)).toEqual([earlier.ts]);
  });

  it('an answer that is not Slack\'s (an HTML page with 200) leaves the outcome unknown: looked up, then posted once', async () => {
    const { simulator, runtime, channel } = await setup();
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', respond: () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>upstream hiccup</html>' }) });
    const session = await runtime.startSession({ agentId: 'deploy-bot' });

    await session.run('slack.message.post', { channel, text: 'Status page updated' });

    expect(visible(simulator, 'Status page updated')).toHaveLength(1);
    const calls = simulator.log.entries().map((entry) => entry.path.replace('/api/', ''));
    expect(calls.slice(calls.indexOf('chat.postMessage') + 1)).toContain('conversations.history');
  });
});
