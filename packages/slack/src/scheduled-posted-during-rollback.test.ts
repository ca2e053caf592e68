// A scheduled message the agent sent that Slack posts in the seconds between the rollback's planning
// (which found it still waiting) and its undo. Cancelling it then fails (Slack posted it), so the undo
// finds the posted message through the history, waiting up to a minute for a non-Marketplace app's
// tier, and deletes it. People see the message at once: a reaction, a reply or a pin they add before
// that read (during the wait) is their work, and deleting the message would take it with it, so the
// message is left in place and the step is not reported verified. Nobody acting, it is deleted.
// Read back from the simulator's workspace, never through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { DEFAULT_CORRECTION_TEXT } from './connection.js';
import { keyInText } from './marker.js';
import { clockWithPerson, startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';
import type { WebClient } from '@slack/web-api';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});


/** The live message Slack posted from the agent's scheduled one (it carries the agent's hidden key), if any. */
const postedFromSchedule = (simulator: SlackSimulator, channel: string) =>
  [...simulator.workspace.messages.values()].find((message) => message.channel === channel && !message.tombstone && keyInText(message.text) !== undefined);

/**
 * An agent's session on a non-Marketplace app: a status post, then a message scheduled two minutes on.
 * The rollback starts just before its post time; planning reads the post through the history (so the
 * next history read waits a minute) and finds the scheduled message still waiting. Half a second later,
 * within the time the engine trusts planning's reading of a removal (REMOVAL_FRESH_MS), Slack has posted
 * it and the undo runs; the person does `act` on the posted message while the undo waits for the history tier.
 */
async function rollbackAsSlackPostsIt(act?: (person: WebClient, channel: string, ts: string) => Promise<void>) {
  const clock = clockWithPerson();
  const { simulator, adapter } = await startSlack({ clock, appKind: 'non-marketplace' });
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(simulator, journal);
  const runtime = createRuntime({ journal, adapters: [adapter as Adapter], policy: [], clock });
  const channel = simulator.seed.channel;
  const person = simulator.client();

  const session = await runtime.startSession({ agentId: 'scheduler' });
  await session.run('slack.message.post', { channel, text: 'Standup notes are in the doc' });
  await session.run('slack.message.schedule', { channel, text: 'Reminder: standup moved to 10:30', post_at: Math.floor(clock.now() / 1000) + 120 });
  await session.end();
  await clock.sleep(119_700);

  let postedTs: string | undefined;
  const report = await runtime.rollback(session.id, {
    onPlanned: () => {
      clock.pass(500);
      clock.arm(async () => {
        // Slack posted it before the undo's cancel; the person sees it and acts on it.
        postedTs = postedFromSchedule(simulator, channel)?.ts;
        if (act && postedTs) await act(person, channel, postedTs);
      });
    },
  });
  const step = report.steps.find((candidate) => candidate.action === 'slack.message.schedule')!;
  return { simulator, runtime, session, channel, report, step, clock, postedTs: () => postedTs };
}

describe('slack: a scheduled message Slack posts between planning and its undo (history tier wait)', () => {
  it('a person’s reaction added during the wait keeps the message, with the reaction; the step is a conflict, not verified', async () => {
    const { simulator, runtime, session, channel, step, clock, postedTs } = await rollbackAsSlackPostsIt(async (person, channel, ts) => {
      await person.reactions.add({ channel, timestamp: ts, name: 'white_check_mark' });
    });

    expect(clock.acted()).toBe(true);
    const message = simulator.workspace.findMessage(channel, postedTs()!);
    expect({ kept: message !== undefined && !message.tombstone, reactions: message ? [...message.reactions.keys()] : [] }).toEqual({ kept: true, reactions: ['white_check_mark'] });
    expect(step.outcome).toBe('conflict');

    // Rolled back again, it is planned as built on: corrected in place, the reaction kept.
    const again = await runtime.rollback(session.id);
    expect(again.steps.find((candidate) => candidate.action === 'slack.message.schedule')).toMatchObject({ status: 'conflict', outcome: 'corrected' });
    expect(simulator.workspace.findMessage(channel, postedTs()!)?.text.replace(/[\u200b\u200c\u2063]/g, '')).toBe(DEFAULT_CORRECTION_TEXT);
    expect([...simulator.workspace.findMessage(channel, postedTs()!)!.reactions.keys()]).toEqual(['white_check_mark']);
  }, 30_000);

  it('a person’s reply posted during the wait keeps the message it answers; the step is a conflict, not verified', async () => {
    const { simulator, channel, step, clock, postedTs } = await rollbackAsSlackPostsIt(async (person, channel, ts) => {
      await person.chat.postMessage({ channel, thread_ts: ts, text: 'Thanks, moving my 10:00' });
    });

    expect(clock.acted()).toBe(true);
    const message = simulator.workspace.findMessage(channel, postedTs()!);
    expect(message !== undefined && !message.tombstone, 'the message the person answered is still there').toBe(true);
    expect(message!.replies.map((reply) => simulator.workspace.findMessage(channel, reply)?.text)).toEqual(['Thanks, moving my 10:00']);
    expect(step.outcome).toBe('conflict');
  }, 30_000);

  it('a person’s pin made during the wait keeps the message and the pin', async () => {
    const { simulator, channel, step, clock, postedTs } = await rollbackAsSlackPostsIt(async (person, channel, ts) => {
      await person.pins.add({ channel, timestamp: ts });
    });

    expect(clock.acted()).toBe(true);
    expect(postedFromSchedule(simulator, channel)?.ts, 'the message is still there').toBe(postedTs());
    expect(simulator.workspace.channels.get(channel)!.pins.has(postedTs()!), 'the person’s pin is still there').toBe(true);
    expect(step.outcome).toBe('conflict');
  }, 30_000);

  it('nobody acting on it, the posted message is deleted and verified', async () => {
    const { simulator, channel, report, step, postedTs } = await rollbackAsSlackPostsIt();

    expect(postedTs(), 'Slack had posted it when the undo ran').toBeDefined();
    expect(postedFromSchedule(simulator, channel)).toBeUndefined();
    expect(step).toMatchObject({ status: 'undo', outcome: 'verified' });
    expect(report.counts).toMatchObject({ undone: 2, conflicts: 0, failed: 0 });
  }, 30_000);
});
