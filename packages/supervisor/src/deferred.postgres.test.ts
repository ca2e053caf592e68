// Deferred effects through the supervisor on PostgreSQL, two supervisors sharing the audits through
// pg-boss: a held delete whose session passes its audit is sent by them once, after the delay and not
// before; one whose audit fails is never sent, its session paused and rolled back, the held call
// dropped. Read back through the Slack simulator's state and request log, and the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL } from '../../journal-postgres/src/test-support/postgres-server.js';
import { createSupervisor, PgBossAuditQueue, type Supervisor, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, waitFor } from './test-support/rig.js';

const available = await postgresAvailable();

describe.runIf(available)('deferred effects released by the supervisor on PostgreSQL', () => {
  const journalSchema = freshSchema();
  const bossSchema = freshSchema();
  const stores: JournalStore[] = [];
  const supervisors: Supervisor[] = [];
  let simulator: SlackSimulator;
  const journal = async () => {
    const store = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: journalSchema });
    stores.push(store);
    return store;
  };
  const slack = () => createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
  const deletesSent = () => simulator.log.entries().filter((entry) => entry.path === '/api/chat.delete').length;

  beforeAll(async () => {
    simulator = await createSlackSimulator({ rateLimits: false });
  });
  afterAll(async () => {
    for (const supervisor of supervisors) await supervisor.stop();
    for (const store of stores) await store.close();
    await simulator?.close();
    await dropSchema(journalSchema);
    await dropSchema(bossSchema);
  });

  it('sends a held call once its session passes the audit, once across two supervisors; holds and drops one that fails', async () => {
    const { channel, privateChannel } = simulator.seed;
    const bot = simulator.client(simulator.seed.tokens.agent);
    const stale = String((await bot.chat.postMessage({ channel, text: 'Launch moved to Friday' })).ts);
    const minutes = String((await bot.chat.postMessage({ channel: privateChannel, text: 'Board minutes, do not delete' })).ts);

    const config: SupervisorConfig = {
      auditDelayMs: 1500,
      pollMs: 50,
      triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'keep-private-records', action: 'slack.message.delete', field: 'channel', values: [privateChannel] }], response: 'pause-and-rollback' } },
    };
    for (let index = 0; index < 2; index += 1) {
      const supervisor = createSupervisor({
        runtime: createRuntime({ journal: await journal(), adapters: [slack()], policy: [] }),
        config,
        queue: new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, pollingIntervalSeconds: 0.5 }),
      });
      await supervisor.start();
      supervisors.push(supervisor);
    }

    const agent = createRuntime({ journal: await journal(), adapters: [slack()], policy: [], killSwitchPollMs: 50 });
    const tidy = await agent.startSession({ agentId: 'tidy-agent', defer: 'irreversible' });
    await tidy.run('slack.channel.topic.set', { channel, topic: 'Launch: Friday' });
    const held = await tidy.run('slack.message.delete', { channel, ts: stale });
    await tidy.end();
    const rogue = await agent.startSession({ agentId: 'rogue-agent', defer: 'irreversible' });
    await rogue.run('slack.message.delete', { channel: privateChannel, ts: minutes });
    await rogue.end();
    const heldAt = Date.now();
    expect(held).toMatchObject({ deferred: true, status: 'held' });

    // Before the delay, nothing is sent.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(deletesSent()).toBe(0);

    const store = stores[0]!;
    await waitFor(async () => (await store.entriesOfType(['action.committed'])).some((entry) => entry.sessionId === tidy.id && entry.action === 'slack.message.delete'), 20_000, 'the held delete sent');
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(1000);
    await waitFor(async () => (await store.entriesOfType(['deferred.dropped'])).length > 0, 20_000, 'the failing session rolled back');
    // Give a duplicate release a moment to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(deletesSent()).toBe(1);
    expect(channelTexts(simulator, channel)).not.toContain('Launch moved to Friday');
    expect(channelTexts(simulator, privateChannel)).toContain('Board minutes, do not delete');

    const released = (await store.entriesOfType(['deferred.released'])).filter((entry) => entry.sessionId === tidy.id);
    expect(released).toHaveLength(1);
    expect(dataOf(released[0]!)).toMatchObject({ trigger: 'audit' });
    expect(supervisors.reduce((sum, supervisor) => sum + supervisor.stats.released, 0)).toBe(1);

    // The failing one: a finding, its agent paused, its session rolled back, the held call dropped, never released.
    const [finding] = (await store.entriesOfType(['supervisor.finding'])).filter((entry) => entry.sessionId === rogue.id);
    expect(dataOf(finding!)).toMatchObject({ trigger: 'policy', verdict: 'fail' });
    expect((await store.entriesOfType(['deferred.released'])).filter((entry) => entry.sessionId === rogue.id)).toHaveLength(0);
    expect((await agent.outbox.list({ sessionId: rogue.id }))).toMatchObject([{ status: 'dropped' }]);
    expect(await agent.outbox.release(rogue.id, { by: 'dana' })).toMatchObject({ sent: 0, actions: [{ outcome: 'dropped' }] });
    expect(deletesSent()).toBe(1);
  }, 60_000);
});
