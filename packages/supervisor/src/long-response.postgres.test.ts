// A pause-and-rollback on PostgreSQL that runs longer than an audit job's expiry (a slow provider, a
// call in flight waited out) is carried out once: its own job on pg-boss's response queue, with its own
// expiry. Before, the audit job expired under it; pg-boss handed the audit to a worker again, which
// answered the same finding a second time: a second pause, a second notice, and a rollback refused
// with rollback_in_progress, journaled as that finding's failed response. Read back from the journal
// and the Slack simulator's own state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createPostgresJournal, type PostgresJournal } from '@backspace/journal-postgres';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL } from '../../journal-postgres/src/test-support/postgres-server.js';
import { createSupervisor, PgBossAuditQueue, type SupervisorConfig } from './index.js';
import { channelTexts, dataOf, waitFor } from './test-support/rig.js';

const available = await postgresAvailable();

const CONFIG: SupervisorConfig = {
  auditDelayMs: 0,
  pollMs: 50,
  // The agent may post to no channel at all: its one post is a finding.
  triggers: { policy: { rules: [{ kind: 'resource-cap', name: 'no-posts', max: 0, action: 'slack.message.post' }], response: 'pause-and-rollback' } },
};

describe.runIf(available)('a finding’s response on PostgreSQL that outlasts its audit job', () => {
  const journalSchema = freshSchema();
  const bossSchema = freshSchema();
  let simulator: SlackSimulator;
  let agentJournal: PostgresJournal;
  let supervisorJournal: PostgresJournal;
  beforeAll(async () => {
    simulator = await createSlackSimulator({ rateLimits: false });
    agentJournal = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: journalSchema });
    supervisorJournal = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: journalSchema });
  });
  afterAll(async () => {
    await agentJournal?.close();
    await supervisorJournal?.close();
    await simulator?.close();
    await dropSchema(journalSchema);
    await dropSchema(bossSchema);
  });

  it('is carried out once: one pause, one rollback, one response, no problem reported', async () => {
    const { channel } = simulator.seed;
    const agentRuntime = createRuntime({ journal: agentJournal, adapters: [createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [] });
    const supervisorRuntime = createRuntime({ journal: supervisorJournal, adapters: [createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url })], policy: [] });
    // The rollback's delete takes 4 s at Slack: twice the audit job's expiry.
    simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'delay', ms: 4000 });
    const queue = new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, expireInSeconds: 2, maintenanceIntervalSeconds: 1 });
    const supervisor = createSupervisor({ runtime: supervisorRuntime, config: CONFIG, queue });

    const session = await agentRuntime.startSession({ agentId: 'announcer' });
    await session.run('slack.message.post', { channel, text: 'Prices go up 40% tomorrow' });
    await session.end();
    await supervisor.start();
    try {
      await waitFor(async () => !channelTexts(simulator, channel).includes('Prices go up 40% tomorrow'), 30_000, 'the agent’s message rolled back');
      await waitFor(async () => (await supervisorJournal.entriesOfType(['supervisor.audit'])).length === 1 && (await supervisorJournal.entriesOfType(['supervisor.response'])).length > 0, 30_000, 'the audit and its response journaled');
      // Past a second expiry and retry: a duplicate answer would be journaled by now.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await supervisor.stop();
    }

    const responses = (await supervisorJournal.entriesOfType(['supervisor.response'])).map((entry) => dataOf(entry).response as { rollbacks: { error?: unknown; counts?: { undone: number } }[] });
    expect(responses).toHaveLength(1);
    expect(responses[0]!.rollbacks).toHaveLength(1);
    expect(responses[0]!.rollbacks[0]!.error).toBeUndefined();
    expect(responses[0]!.rollbacks[0]!.counts?.undone).toBe(1);
    expect((await supervisorJournal.entriesOfType(['kill'])).map((entry) => dataOf(entry).scope)).toEqual([{ agentId: 'announcer' }]);
    expect((await supervisorJournal.entriesOfType(['rollback.started'])).length).toBe(1);
    expect(supervisor.stats.problems).toBe(0);
    expect(await supervisorRuntime.supervision.audited((await supervisorJournal.entriesOfType(['action.committed']))[0]!.actionId!)).not.toBeNull();
  }, 60_000);
});
