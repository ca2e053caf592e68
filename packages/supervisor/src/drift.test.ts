// Drift by population stability index: the statistic on known distributions, then an agent whose
// recent work moved away from its baseline found and paused, read back through the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor, driftScores, populationStabilityIndex, type Decision } from './index.js';
import { dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

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
});

describe('drift trigger', () => {
  it('an agent that turns from posting to its usual channel to pinning everything is paused, with the PSI journaled', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
    const { privateChannel } = rig.simulator.seed;
    const posts: { channel: string; ts: string }[] = [];
    for (let index = 0; index < 6; index += 1) posts.push(await session.run('slack.message.post', { channel: privateChannel, text: `update ${index}` }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const post of posts) await session.run('slack.pin.add', { channel: post.channel, timestamp: post.ts });
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
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
