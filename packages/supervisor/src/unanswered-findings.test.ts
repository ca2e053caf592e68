// A drift or complaint finding is journaled, then answered. A supervisor that died between the two
// (or whose pause failed once: the journal or the kill switch briefly unreachable) left the finding
// journaled and unanswered, and nothing ever answered it: the next check, by this supervisor or one
// restarted, read the finding as having counted the decisions (the complaints) and found nothing new,
// so the agent was never paused and its sessions never rolled back. An audit's finding is answered when
// its job is tried again; these have no job. The death is a kill switch that fails with the process's
// last breath; the supervisor is then stopped and another started on the same journal. Read back
// through the journal and the Slack simulator's own state.
import { afterEach, expect, it } from 'vitest';
import type { Runtime } from '@backspace/core';
import { createSupervisor, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, entriesOf, setClock, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The runtime, with `kill` failing its first `failures` calls, as a process that dies (or a journal that drops) at the pause. */
function killFailing(runtime: Runtime, failures: number): Runtime & { killTries: number } {
  let tries = 0;
  return new Proxy(runtime, {
    get(target, property) {
      if (property === 'killTries') return tries;
      if (property === 'kill') {
        return async (...args: Parameters<Runtime['kill']>) => {
          tries += 1;
          if (tries <= failures) throw new Error('connection terminated unexpectedly');
          return target.kill(...args);
        };
      }
      return Reflect.get(target, property) as unknown;
    },
  }) as Runtime & { killTries: number };
}

const DRIFT: SupervisorConfig = { pollMs: 20, triggers: { drift: { threshold: 0.25, windowMs: 500, baselineMs: 60_000, minActions: 5, checkEveryMs: 50, response: 'pause' } } };

/** An agent that posted six messages, then pinned them all: a drift on the clock the test sets. */
async function drifted() {
  const start = Date.UTC(2026, 0, 5, 9);
  const clock = setClock(start);
  const rig = await slackRig({ clock });
  cleanup.push(() => rig.close());
  const session = await rig.agentRuntime.startSession({ agentId: 'poster' });
  const posts: { channel: string; ts: string }[] = [];
  for (let index = 0; index < 6; index += 1) posts.push(await session.run('slack.message.post', { channel: rig.simulator.seed.privateChannel, text: `update ${index}` }));
  clock.set(start + 1000);
  for (const post of posts) await session.run('slack.pin.add', { channel: post.channel, timestamp: post.ts });
  clock.set(start + 1100);
  return { rig, clock };
}

it('a drift finding whose supervisor died before the pause is answered by the next supervisor: the agent is paused once', async () => {
  const { rig, clock } = await drifted();
  const dying = killFailing(rig.supervisorRuntime, Infinity);
  const first = createSupervisor({ runtime: dying, clock, config: DRIFT });
  await first.start();
  await waitFor(() => dying.killTries > 0, 5000, 'the first supervisor to reach the pause');
  await first.stop();
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'kill')).toEqual([]);

  const second = createSupervisor({ runtime: rig.supervisorRuntime, clock, config: DRIFT });
  await second.start();
  cleanup.push(() => second.stop());
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the finding answered');
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'poster' }]);
}, 20_000);

it('a drift finding whose pause failed once is answered on a later beat of the same supervisor', async () => {
  const { rig, clock } = await drifted();
  const flaky = killFailing(rig.supervisorRuntime, 1);
  const supervisor = createSupervisor({ runtime: flaky, clock, config: DRIFT });
  await supervisor.start();
  cleanup.push(() => supervisor.stop());
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the finding answered');
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
  expect(supervisor.stats.problems).toBeGreaterThan(0);
}, 20_000);

it('a complaint spike over two sessions whose supervisor died before the pause: the next one pauses and rolls both back', async () => {
  const rig = await slackRig();
  cleanup.push(() => rig.close());
  const { channel, privateChannel } = rig.simulator.seed;
  const config: SupervisorConfig = { pollMs: 20, triggers: { complaints: { channel, patterns: ['spam'], threshold: 2, windowMs: 60_000, pollMs: 50, response: 'pause-and-rollback' } } };
  const dying = killFailing(rig.supervisorRuntime, Infinity);
  const first = createSupervisor({ runtime: dying, slack: rig.supervisorAdapter, config });
  await first.start();
  for (const text of ['About CASE-31, part one', 'About CASE-31, part two']) {
    const session = await rig.agentRuntime.startSession({ agentId: 'outreach', correlationId: 'CASE-31' });
    await session.run('slack.message.post', { channel: privateChannel, text });
    await session.end();
  }
  await waitFor(() => first.stats.seen === 2, 5000, 'the supervisor to read both posts');
  const customer = rig.simulator.client();
  for (const text of ['CASE-31 spam', 'spam again: CASE-31']) await customer.chat.postMessage({ channel, text });
  await waitFor(() => dying.killTries > 0, 5000, 'the first supervisor to reach the pause');
  await first.stop();
  expect(await entriesOf(rig.journal, 'kill')).toEqual([]);

  const second = createSupervisor({ runtime: rig.supervisorRuntime, slack: rig.supervisorAdapter, config });
  await second.start();
  cleanup.push(() => second.stop());
  await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5000, 'the finding answered');
  expect(channelTexts(rig.simulator, privateChannel).filter((text) => text.startsWith('About CASE-31'))).toEqual([]);
  expect(await entriesOf(rig.journal, 'supervisor.finding')).toHaveLength(1);
  expect((await rig.agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'outreach' }]);
  const [response] = await entriesOf(rig.journal, 'supervisor.response');
  expect(dataOf(response!)).toMatchObject({ response: { rollbacks: [{ counts: { undone: 2, failed: 0 } }] } });
}, 20_000);
