// One persisting drift is one finding. The finding's subject used to name the drift by the time bucket
// it was read in (floor(now / windowMs)): a drift whose decisions were still in the window when the
// bucket turned over was read again under a new subject, journaled as a second finding, and paused
// again an agent an operator had just resumed. A drift finding now counts the decisions it read, and
// only decisions made since (at least `minActions` of them, drifting on their own) are a new one.
// The agent, the operator and the supervisors run on a clock the test sets; a drift beat is counted
// by the supervisor's sleep between checks, so "no second finding" is asserted after checks that read
// the moved clock, not after a guess at how long they take. Read back through the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Clock } from '@backspace/core';
import { createSupervisor, type SupervisorConfig } from './index.js';
import { dataOf, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

const WINDOW_MS = 60_000;
const CHECK_EVERY_MS = 50;
// 09:01 UTC, a multiple of the window: a bucket boundary.
const BOUNDARY = Date.UTC(2026, 0, 5, 9, 1);

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The clock as one supervisor sees it, counting its drift beats (its sleeps between drift checks). */
function beating(clock: Clock): Clock & { beats: number } {
  const counted = {
    beats: 0,
    now: () => clock.now(),
    sleep: (ms: number) => {
      if (ms === CHECK_EVERY_MS) counted.beats += 1;
      return clock.sleep(ms);
    },
  };
  return counted;
}

/** Waits until the supervisor has finished two drift checks begun after this call. */
async function twoChecks(clock: { beats: number }, what: string): Promise<void> {
  const from = clock.beats;
  await waitFor(() => clock.beats >= from + 3, 10_000, what);
}

const drift = (response: 'pause' | 'notify'): SupervisorConfig => ({
  pollMs: 20,
  triggers: { drift: { threshold: 0.25, windowMs: WINDOW_MS, baselineMs: 10 * WINDOW_MS, minActions: 6, checkEveryMs: CHECK_EVERY_MS, response } },
});

type DriftEvidence = { dimension: string; recentActions: number; baselineActions: number; firstSeq: number; throughSeq: number };

/** An agent that posted six updates two minutes before the boundary, and pinned them 11 s before it. */
async function driftedPoster(response: 'pause' | 'notify') {
  const clock = setClock(BOUNDARY - 130_000);
  const rig = await slackRig({ clock });
  cleanup.push(() => rig.close());
  const { privateChannel } = rig.simulator.seed;
  const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
  const posts: { channel: string; ts: string }[] = [];
  for (let index = 0; index < 6; index += 1) posts.push(await session.run('slack.message.post', { channel: privateChannel, text: `update ${index}` }));
  clock.set(BOUNDARY - 11_000);
  for (const post of posts) await session.run('slack.pin.add', { channel: post.channel, timestamp: post.ts });
  clock.set(BOUNDARY - 10_000);
  const supervisorClock = beating(clock);
  const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, clock: supervisorClock, config: drift(response) });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  return { rig, clock, supervisorClock, posts };
}

describe('drift trigger across a time bucket boundary', () => {
  it('a drift read again after the bucket turns over is the same finding, for a restarted supervisor too: the resumed agent stays resumed; new drifted work is a new finding', async () => {
    const { rig, clock, supervisorClock, posts } = await driftedPoster('pause');
    await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 1, 10_000, 'the pause');
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);

    // A person looks, decides the agent may go on, and resumes it; then the bucket turns over, the
    // pins still in the window. A second supervisor, which has recorded nothing, starts as well.
    const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [], clock });
    await operator.resume({ scope: { agentId: 'poster' }, by: 'dana', reason: 'the pins were asked for' });
    clock.set(BOUNDARY + 500);
    const restartedClock = beating(clock);
    const restarted = createSupervisor({ runtime: rig.supervisorRuntime, clock: restartedClock, config: drift('pause') });
    await restarted.start();
    cleanup.push(() => restarted.stop());
    await twoChecks(supervisorClock, 'two drift checks after the bucket turned over');
    await twoChecks(restartedClock, "the second supervisor's first drift checks");
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
    expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
    expect(await rig.agentRuntime.activeKills()).toEqual([]);

    // New work that drifts on its own: six edits, with the six pins still in the window. Five are not
    // enough (the pins, counted already, do not make up the sixth); the sixth is a new finding.
    clock.set(BOUNDARY + 1_000);
    const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
    for (const [index, post] of posts.slice(0, 5).entries()) await session.run('slack.message.update', { channel: post.channel, ts: post.ts, text: `update ${index}, edited` });
    await twoChecks(supervisorClock, 'two drift checks after five edits');
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
    await session.run('slack.message.update', { channel: posts[5]!.channel, ts: posts[5]!.ts, text: 'update 5, edited' });
    await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 2, 10_000, 'the second pause');
    await twoChecks(supervisorClock, 'two drift checks after the second finding');
    await twoChecks(restartedClock, "two of the second supervisor's drift checks after the second finding");

    const findings = (await entriesOf(rig.journal, 'supervisor.finding')).map(dataOf);
    expect(findings).toHaveLength(2);
    const [first, second] = findings.map((finding) => finding.evidence as DriftEvidence);
    expect(first).toMatchObject({ dimension: 'action', baselineActions: 6, recentActions: 6 });
    // Each decision counted in one finding only: the second counted the six edits, none of the pins.
    expect(second).toMatchObject({ dimension: 'action', baselineActions: 6, recentActions: 6 });
    expect(second!.firstSeq).toBeGreaterThan(first!.throughSeq);
    expect(await entriesOf(rig.journal, 'kill')).toHaveLength(2);
    expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'poster' }]);
  }, 40_000);

  it('a new drift within the same bucket is a second finding, not the first one found again', async () => {
    const { rig, clock, supervisorClock, posts } = await driftedPoster('notify');
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 10_000, 'the first notice');
    await twoChecks(supervisorClock, 'two drift checks after the first notice');
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);

    clock.set(BOUNDARY - 9_000);
    const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
    for (const [index, post] of posts.entries()) await session.run('slack.message.update', { channel: post.channel, ts: post.ts, text: `update ${index}, edited` });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 2, 10_000, 'the second notice');
    const findings = (await entriesOf(rig.journal, 'supervisor.finding')).map(dataOf);
    expect(findings.map((finding) => (finding.evidence as DriftEvidence).recentActions)).toEqual([6, 6]);
    expect(await entriesOf(rig.journal, 'kill')).toEqual([]);
  }, 40_000);
});
