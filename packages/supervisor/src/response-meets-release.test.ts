// A pause-and-rollback that meets a release: an operator's release of the session's held calls holds
// the session's rollback lock, so the supervisor's rollback is refused with rollback_in_progress. It
// used to journal that refusal as the finding's response and stop there: the finding read as answered
// and the agent's post stayed. It must wait for the lock a bounded time and roll back, or journal the
// rollback as pending and finish it on a later tick; never wait without end. Read back through the
// journal and the Slack simulator's own state.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSupervisor, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const POST = 'internal: ACME may churn, offer 40% off';

/** A session that posted where it may not (the finding) and holds a delete of an older message. */
async function heldRig() {
  const rig = await slackRig({ inFlightTimeoutMs: 3_000 });
  cleanup.push(() => rig.close());
  const { channel } = rig.simulator.seed;
  const launch = String((await rig.simulator.client(rig.simulator.seed.tokens.agent).chat.postMessage({ channel, text: 'Launch moved to Friday' })).ts);
  const session = await rig.agentRuntime.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
  await session.run('slack.message.post', { channel, text: POST });
  expect(await session.run('slack.message.delete', { channel, ts: launch })).toMatchObject({ deferred: true, status: 'held' });
  await session.end();
  // Posts to the public channel break the rule (the post's text is redacted in the journal).
  const config = (rollbackWaitMs?: number): SupervisorConfig => ({
    auditDelayMs: 0,
    pollMs: 20,
    ...(rollbackWaitMs === undefined ? {} : { rollbackWaitMs }),
    triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'no-internal-notes', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } },
  });
  /** Another process on the same journal file, as an operator's would be. */
  const otherStore = () => {
    const store = createSqliteJournal({ path: rig.path });
    cleanup.push(() => store.close());
    return store;
  };
  return { rig, channel, session, config, otherStore };
}

type Rollback = { error?: { code: string }; pending?: { code: string }; counts?: { undone: number } };
const rollbacksOf = async (rig: Awaited<ReturnType<typeof slackRig>>): Promise<Rollback[][]> => (await entriesOf(rig.journal, 'supervisor.response')).map((entry) => (dataOf(entry).response as { rollbacks: Rollback[] }).rollbacks);

describe('a pause-and-rollback that meets a release of the session', () => {
  it('waits for the release to end, then rolls back: the post is gone and the response reports the rollback', async () => {
    const { rig, channel, session, config, otherStore } = await heldRig();
    // The operator's process sees the pause only after a second, and Slack holds its delete for 1.5 s.
    const operator = createRuntime({ journal: otherStore(), adapters: [createSlackAdapter({ token: rig.simulator.seed.tokens.agent, baseUrl: rig.simulator.url })], policy: [], killSwitchPollMs: 1_000 });
    rig.simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'delay', ms: 1_500, clock: 'real', times: 1 });
    const releasing = operator.outbox.release(session.id, { by: 'dana' });
    await waitFor(async () => (await entriesOf(rig.journal, 'deferred.released')).length === 1, 5_000, 'the release under way');

    const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, config: config() });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    await releasing;
    await waitFor(async () => (await rollbacksOf(rig)).some((rollbacks) => rollbacks.some((rollback) => rollback.counts)), 10_000, 'a rollback reported');
    expect(channelTexts(rig.simulator, channel)).not.toContain(POST);
    expect((await rollbacksOf(rig)).flat().filter((rollback) => rollback.error)).toEqual([]);
  }, 30_000);

  it('a lock held past the wait: journaled pending (not answered), finished by a later tick once the lock is free', async () => {
    const { rig, channel, session, config, otherStore } = await heldRig();
    const lock = (await otherStore().lockRollback!(session.id, 'release:operator'))!;
    const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, config: config(300) });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());

    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 1, 5_000, 'the first response');
    expect(await rollbacksOf(rig)).toMatchObject([[{ pending: { code: 'rollback_in_progress' } }]]);
    expect(channelTexts(rig.simulator, channel)).toContain(POST);
    // A few more ticks with the lock still held: nothing more journaled, nothing given up.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await entriesOf(rig.journal, 'supervisor.response')).toHaveLength(1);

    await lock.release();
    await waitFor(() => !channelTexts(rig.simulator, channel).includes(POST), 10_000, 'the post rolled back');
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.response')).length === 2, 5_000, 'the completing response');
    expect((await rollbacksOf(rig))[1]).toMatchObject([{ counts: { undone: 1 } }]);
    expect(await entriesOf(rig.journal, 'kill')).toHaveLength(1);
  }, 30_000);

  it('a supervisor stopped while it waits stops at once, leaves the rollback pending, and the next one finishes it', async () => {
    const { rig, channel, session, config, otherStore } = await heldRig();
    const lock = (await otherStore().lockRollback!(session.id, 'release:operator'))!;
    const first = createSupervisor({ runtime: rig.supervisorRuntime, config: config(60_000) });
    await first.start();
    await waitFor(async () => (await entriesOf(rig.journal, 'kill')).length === 1, 5_000, 'the pause');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = performance.now();
    await first.stop();
    expect(performance.now() - stopping).toBeLessThan(2_000);
    expect(await rollbacksOf(rig)).toMatchObject([[{ pending: { code: 'rollback_in_progress' } }]]);
    expect(channelTexts(rig.simulator, channel)).toContain(POST);

    await lock.release();
    const next = createSupervisor({ runtime: createRuntime({ journal: otherStore(), adapters: [createSlackAdapter({ token: rig.simulator.seed.tokens.agent, baseUrl: rig.simulator.url })], policy: [], inFlightTimeoutMs: 3_000 }), config: config(60_000) });
    await next.start();
    cleanup.push(() => next.stop());
    await waitFor(() => !channelTexts(rig.simulator, channel).includes(POST), 10_000, 'the post rolled back by the next supervisor');
    await waitFor(async () => (await rollbacksOf(rig)).length === 2, 5_000, 'the completing response');
    expect((await rollbacksOf(rig))[1]).toMatchObject([{ counts: { undone: 1 } }]);
  }, 30_000);
});
