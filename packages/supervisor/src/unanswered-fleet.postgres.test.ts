// A fleet on one PostgreSQL journal, with pg-boss, after a supervisor died between journaling a finding
// (a drift over two of an agent's sessions, answered by pause-and-rollback) and answering it. Nothing
// answered it before: its drift counted as spent, no job named it. Two supervisors started afterwards
// both find it unanswered; one must pause the agent and roll both sessions back, once: one kill, one
// rollback, one response. The dead supervisor's journal write is made through a runtime of its own.
// Read back through the journal (its own SQL) and the Slack simulator's state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createPostgresJournal, type PostgresJournal } from '@backspace/journal-postgres';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL, withDirectConnection } from '../../journal-postgres/src/test-support/postgres-server.js';
import { createSupervisor, PgBossAuditQueue, type Supervisor } from './index.js';
import { channelTexts, waitFor } from './test-support/rig.js';

const available = await postgresAvailable();

describe.runIf(available)('a finding left unanswered on a PostgreSQL fleet', () => {
  const journalSchema = freshSchema();
  const bossSchema = freshSchema();
  let simulator: SlackSimulator;
  const journals: PostgresJournal[] = [];
  beforeAll(async () => {
    simulator = await createSlackSimulator({ rateLimits: false });
    for (let index = 0; index < 4; index += 1) journals.push(await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: journalSchema }));
  });
  afterAll(async () => {
    for (const journal of journals) await journal.close();
    await simulator?.close();
    await dropSchema(journalSchema);
    await dropSchema(bossSchema);
  });

  /** Entries of a type, counted by the journal's own SQL. */
  const counted = (type: string) =>
    withDirectConnection(async (client) => Number((await client.query(`SELECT count(*) AS n FROM ${journalSchema}.entries WHERE type = $1`, [type])).rows[0].n));

  it('is answered once by the supervisors started after: one pause, one rollback of both sessions, one response', async () => {
    const { privateChannel } = simulator.seed;
    const [agentJournal, deadJournal, ...fleetJournals] = journals;
    const slack = () => createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });
    const agentRuntime = createRuntime({ journal: agentJournal!, adapters: [slack()], policy: [] });
    const sessions: string[] = [];
    for (const text of ['Prices go up 40% tomorrow', 'Prices go up 40% tomorrow, no refunds']) {
      const session = await agentRuntime.startSession({ agentId: 'poster' });
      await session.run('slack.message.post', { channel: privateChannel, text });
      await session.end();
      sessions.push(session.id);
    }
    const dead = createRuntime({ journal: deadJournal!, adapters: [], policy: [] });
    await dead.supervision.recordFinding({
      trigger: 'drift',
      subject: 'drift:poster:after:0',
      verdict: 'fail',
      summary: 'decisions drifted from the agent’s baseline: PSI 1.200 on action (threshold 0.25)',
      evidence: { agentId: 'poster', dimension: 'action', score: 1.2, sessions, throughSeq: 1 },
      response: 'pause-and-rollback',
      agentId: 'poster',
    });

    const fleet: Supervisor[] = fleetJournals.map((journal) =>
      createSupervisor({
        runtime: createRuntime({ journal, adapters: [slack()], policy: [] }),
        queue: new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, expireInSeconds: 5, maintenanceIntervalSeconds: 1 }),
        config: { pollMs: 50, triggers: { drift: { threshold: 0.25, response: 'pause-and-rollback' } } },
      }),
    );
    await Promise.all(fleet.map((supervisor) => supervisor.start()));
    try {
      await waitFor(async () => (await counted('supervisor.response')) === 1, 20_000, 'the finding answered');
      // Both supervisors' response workers ask every 2 s: a second rollback would have started by now.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await Promise.all(fleet.map((supervisor) => supervisor.stop()));
    }

    expect(channelTexts(simulator, privateChannel).filter((text) => text.startsWith('Prices go up'))).toEqual([]);
    expect(await counted('supervisor.finding')).toBe(1);
    expect(await counted('kill')).toBe(1);
    // One rollback: its start journaled once per session it spans, under one id.
    const rollbacks = await withDirectConnection(async (client) => (await client.query(`SELECT session_id, data::jsonb->>'rollbackId' AS id FROM ${journalSchema}.entries WHERE type = 'rollback.started'`)).rows as { session_id: string; id: string }[]);
    expect(new Set(rollbacks.map((row) => row.id)).size).toBe(1);
    expect(rollbacks.map((row) => row.session_id).sort()).toEqual([...sessions].sort());
    expect(await counted('supervisor.response')).toBe(1);
    expect((await agentRuntime.activeKills()).map((kill) => kill.scope)).toEqual([{ agentId: 'poster' }]);
  }, 60_000);
});
