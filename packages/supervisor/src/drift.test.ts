// Drift by population stability index: the statistic on known distributions, then an agent whose
// recent work moved away from its baseline found and paused, read back through the journal. The agent
// and the supervisor run on a clock the test sets: on real time, the 500 ms window had to hold all six
// pins from the first one's commit to the supervisor's first check (start, first read of the journal,
// first beat), which a loaded machine did not always do, and then nothing was found (or five pins).
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor, driftScores, populationStabilityIndex, type Decision } from './index.js';
import { dataOf, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

const decision = (action: string, at: number, agentId = 'a'): Decision => ({ agentId, sessionId: 's', at, action, reversibility: 'reversible', valueAtRisk: null });
const many = (count: number, action: string, at: number) => Array.from({ length: count }, () => decision(action, at));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('population stability index', () => {
  it('is 0 for the same distribution and matches the formula on a known shift', () => {
    const baseline = [...many(50, 'x.a.create', 0), ...many(50, 'x.b.update', 0)];
    expect(populationStabilityIndex(baseline, [...many(5, 'x.a.create', 1), ...many(5, 'x.b.update', 1)], 'action')).toBeCloseTo(0, 10);
    // 50/50 to 90/10: (0.9-0.5)ln(0.9/0.5) + (0.1-0.5)ln(0.1/0.5) = 0.2351 + 0.6438
    const shifted = [...many(90, 'x.a.create', 1), ...many(10, 'x.b.update', 1)];
    expect(populationStabilityIndex(baseline, shifted, 'action')).toBeCloseTo(0.4 * Math.log(1.8) + -0.4 * Math.log(0.2), 10);
    expect(populationStabilityIndex(baseline, shifted, 'provider')).toBeCloseTo(0, 10);
  });

  it('scores agents with enough decisions in both periods, by their highest dimension', () => {
    const now = 10_000_000;
    const decisions = [...many(30, 'github.issue.create', now - 5_000_000), ...many(30, 'slack.message.delete', now - 1000)];
    const [score] = driftScores(decisions, { now, windowMs: 60_000, baselineMs: 9_000_000, minActions: 20, dimensions: ['action', 'provider'] });
    expect(score).toMatchObject({ agentId: 'a', baselineActions: 30, recentActions: 30 });
    expect(score!.score).toBeGreaterThan(5);
    expect(driftScores(decisions, { now, windowMs: 60_000, baselineMs: 9_000_000, minActions: 31, dimensions: ['action'] })).toEqual([]);
  });

  it('leaves out of the window the decisions an earlier finding counted, and names the seqs it counted', () => {
    const now = 10_000_000;
    const sequenced = (count: number, action: string, at: number, fromSeq: number) => many(count, action, at).map((decision, index) => ({ ...decision, seq: fromSeq + index }));
    const decisions = [...sequenced(30, 'github.issue.create', now - 5_000_000, 1), ...sequenced(30, 'slack.message.delete', now - 2000, 31), ...sequenced(25, 'slack.pin.add', now - 1000, 61)];
    const options = { now, windowMs: 60_000, baselineMs: 9_000_000, minActions: 20, dimensions: ['action'] as const };
    expect(driftScores(decisions, options)[0]).toMatchObject({ recentActions: 55, firstSeq: 31, throughSeq: 85 });
    expect(driftScores(decisions, { ...options, countedThrough: () => 60 })[0]).toMatchObject({ baselineActions: 30, recentActions: 25, firstSeq: 61, throughSeq: 85 });
    expect(driftScores(decisions, { ...options, countedThrough: () => 70 })).toEqual([]);
  });
});

describe('drift trigger', () => {
  it('an agent that turns from posting to its usual channel to pinning everything is paused, with the PSI journaled', async () => {
    // 09:00 UTC: every decision in one four-hour band of the day.
    const start = Date.UTC(2026, 0, 5, 9);
    const clock = setClock(start);
    const rig = await slackRig({ clock });
    cleanup.push(() => rig.close());
    const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
    const { privateChannel } = rig.simulator.seed;
    const posts: { channel: string; ts: string }[] = [];
    for (let index = 0; index < 6; index += 1) posts.push(await session.run('slack.message.post', { channel: privateChannel, text: `update ${index}` }));
    clock.set(start + 1000);
    for (const post of posts) await session.run('slack.pin.add', { channel: post.channel, timestamp: post.ts });
    // The supervisor reads at +1100 ms, however long the pins took: the window (the last 500 ms) holds
    // the six pins, the baseline before it the six posts.
    clock.set(start + 1100);
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
      clock,
      config: { pollMs: 20, triggers: { drift: { threshold: 0.25, windowMs: 500, baselineMs: 60_000, minActions: 5, checkEveryMs: 50 } } },
    });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the drift response');
    const [finding] = await entriesOf(rig.journal, 'supervisor.finding');
    expect(dataOf(finding!)).toMatchObject({ trigger: 'drift', verdict: 'fail', agentId: 'poster', evidence: { dimension: 'action', baselineActions: 6, recentActions: 6 } });
    expect(Number((dataOf(finding!).evidence as { score: number }).score)).toBeGreaterThan(0.25);
    expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'poster' }]);
  });
});
