// The complaints channel is read whole. The watcher asked for one page of history since its last read:
// Slack gives the newest messages first, a page at a time (15 for an app outside the Marketplace), so
// with more than a page posted between two reads the older messages, complaints among them, were
// skipped for good. And a supervisor started (or restarted after a crash) began reading at the newest
// message already in the channel: complaints posted while it was down, or before a restart that left
// a spike short, were never read, and the spike never found. The channel is now read back over the
// window at start, every page of it; complaints a finding cites are not counted again. The complaint
// checks run when the test says (a clock whose sleep between checks waits for it). Read back through
// the journal.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, systemClock, type Clock } from '@backspace/core';
import { createSupervisor, type Supervisor, type SupervisorConfig } from './index.js';
import { entriesOf, slackRig, waitFor } from './test-support/rig.js';

const CHECK_MS = 3_600_000;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Real time, where the sleep between two complaint checks lasts until `check()`; which resolves once the next check is done. */
function checkedClock(): Clock & { check(): Promise<void> } {
  const waiting: (() => void)[] = [];
  let checks = 0;
  return {
    now: () => Date.now(),
    sleep: (ms) => {
      if (ms !== CHECK_MS) return systemClock.sleep(ms);
      checks += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    async check() {
      const from = checks;
      for (const release of waiting.splice(0)) release();
      await waitFor(() => checks > from, 5000, 'a complaint check');
    },
  };
}

async function rigged() {
  const rig = await slackRig({ appKind: 'non-marketplace' });
  cleanup.push(() => rig.close());
  const { channel, privateChannel } = rig.simulator.seed;
  const config: SupervisorConfig = { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam'], threshold: 3, windowMs: 600_000, pollMs: CHECK_MS, response: 'pause' } } };
  const supervise = async () => {
    const clock = checkedClock();
    const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, slack: rig.supervisorAdapter, clock, config });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    await waitFor(() => supervisor.stats.seen === 1, 5000, "the supervisor to read the agent's post");
    await clock.check();
    return Object.assign(supervisor, { check: () => clock.check() }) as Supervisor & { check(): Promise<void> };
  };
  const customer = rig.simulator.client();
  const say = async (...texts: string[]) => {
    for (const text of texts) await customer.chat.postMessage({ channel, text });
  };
  const session = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-52' });
  await session.run('slack.message.post', { channel: privateChannel, text: 'About CASE-52' });
  return { rig, supervise, say };
}

const chatter = (count: number) => Array.from({ length: count }, (_, index) => `lunch plans, take ${index}`);

it('complaints followed by more than a page of chatter before the next read are still read: the spike is found', async () => {
  const { rig, supervise, say } = await rigged();
  const supervisor = await supervise();
  await say('CASE-52 spam', 'more spam, CASE-52', 'CASE-52 is spam', ...chatter(16));
  await supervisor.check();
  await supervisor.check();
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'outreach' }]);
});

it('complaints posted while the supervisor was down are read when it starts again, and counted once', async () => {
  const { rig, supervise, say } = await rigged();
  const first = await supervise();
  await say('CASE-52 spam');
  await first.check();
  await first.stop();
  // Down: two more complaints, and a page of chatter over them.
  await say('more spam, CASE-52', 'CASE-52 is spam', ...chatter(16));

  const second = await supervise();
  await second.check();
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
  await second.stop();

  // A person resumes the agent; a supervisor started again reads the same complaints and finds nothing new.
  const operator = createRuntime({ journal: rig.journal, adapters: [], policy: [] });
  await operator.resume({ scope: { agentId: 'outreach' }, by: 'dana', reason: 'the customer was answered' });
  const third = await supervise();
  await third.check();
  await third.check();
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
  expect(await rig.agentRuntime.activeKills()).toEqual([]);
});
