// One complaint spike is one finding. The finding's subject used to name the spike by the time bucket
// it was read in (floor(now / windowMs)): a spike still inside its window when the bucket turned over
// was read again under a new subject, journaled as a second finding, and paused again an agent an
// operator had just resumed. The supervisor's clock is set a little before a bucket boundary and moved
// past it after the resume. Read back through the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, systemClock, type Clock } from '@backspace/core';
import { createSupervisor } from './index.js';
import { dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

const WINDOW_MS = 60_000;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Real time shifted by `offset`, which the test moves: it starts 10 s before a multiple of the window. */
function shiftedClock(): Clock & { jump(ms: number): void } {
  const boundary = Math.round(Date.now() / WINDOW_MS) * WINDOW_MS;
  let offset = boundary - 10_000 - Date.now();
  return { now: () => Date.now() + offset, sleep: systemClock.sleep, jump: (ms) => (offset += ms) };
}

describe('complaints trigger across a time bucket boundary', () => {
  it('a spike read again after the bucket turns over is the same finding: the resumed agent stays resumed; new complaints are a new spike', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const { channel, privateChannel } = rig.simulator.seed;
    const customer = rig.simulator.client();
    const clock = shiftedClock();
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
      slack: rig.supervisorAdapter,
      clock,
      config: { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam', 'wrong', 'stop'], threshold: 3, windowMs: WINDOW_MS, pollMs: 100, response: 'pause' } } },
    });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [] });

    const session = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-4471' });
    await session.run('slack.message.post', { channel: privateChannel, text: 'Following up on CASE-4471 again' });
    // Complaints are matched against the work the supervisor has read from the journal when it reads them.
    await waitFor(() => supervisor.stats.seen === 1, 5000, 'the supervisor to read the post');
    for (const text of ['CASE-4471: spam again', 'CASE-4471 is wrong', 'STOP writing about CASE-4471']) await customer.chat.postMessage({ channel, text });
    await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 1, 5000, 'the pause');
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);

    // A person looks, decides the agent may go on, and resumes it; then the bucket turns over.
    await operator.resume({ scope: { agentId: 'outreach' }, by: 'dana', reason: 'the customer was answered' });
    clock.jump(10_500);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
    expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
    expect(await rig.agentRuntime.activeKills()).toEqual([]);

    // Three new complaints are a new spike, with the old three still in the window: found, paused again.
    for (const text of ['CASE-4471 spam, a fourth time', 'this is wrong, CASE-4471', 'stop it (CASE-4471)']) await customer.chat.postMessage({ channel, text });
    await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 2, 5000, 'the second pause');
    const findings = (await entriesOf(rig.journal, 'supervisor.finding')).map(dataOf);
    expect(findings).toHaveLength(2);
    const cited = findings.map((finding) => (finding.evidence as { complaints: { ts: string }[] }).complaints.map((complaint) => complaint.ts));
    // Each complaint counted in one finding only.
    expect(cited[0]).toHaveLength(3);
    expect(cited[1]).toHaveLength(3);
    expect(cited[1]!.filter((ts) => cited[0]!.includes(ts))).toEqual([]);
    expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'outreach' }]);
  }, 20_000);

  it('a second spike within the same bucket is a second finding, not the first one found again', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    const { channel, privateChannel } = rig.simulator.seed;
    const customer = rig.simulator.client();
    const supervisor = createSupervisor({
      runtime: rig.supervisorRuntime,
      slack: rig.supervisorAdapter,
      clock: shiftedClock(),
      config: { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam'], threshold: 2, windowMs: WINDOW_MS, pollMs: 100, response: 'notify' } } },
    });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    const session = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-77' });
    await session.run('slack.message.post', { channel: privateChannel, text: 'About CASE-77' });
    await waitFor(() => supervisor.stats.seen === 1, 5000, 'the supervisor to read the post');

    for (const text of ['CASE-77 spam', 'spam, CASE-77']) await customer.chat.postMessage({ channel, text });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the first notice');
    for (const text of ['CASE-77 is still spam', 'more spam: CASE-77']) await customer.chat.postMessage({ channel, text });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 2, 5000, 'the second notice');
    const findings = (await entriesOf(rig.journal, 'supervisor.finding')).map(dataOf);
    expect(findings.map((finding) => (finding.evidence as { complaints: unknown[] }).complaints.length)).toEqual([2, 2]);
  }, 20_000);
});
