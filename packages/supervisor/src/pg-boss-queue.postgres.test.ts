// How quickly the pg-boss queue hands audits out, and what it does with jobs it took but cannot get to:
// an audit runs once its delay has passed, not at the next poll, and jobs taken together behind a slow
// audit go back to the queue instead of waiting for it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createPostgresJournal, type PostgresJournal } from '@backspace/journal-postgres';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL, withDirectConnection } from '../../journal-postgres/src/test-support/postgres-server.js';
import { auditJobId, createSupervisor, PgBossAuditQueue, type AuditJob } from './index.js';
import { waitFor } from './test-support/rig.js';

const available = await postgresAvailable();
const FORBIDDEN = 'leak the roadmap';

describe.runIf(available)('the pg-boss audit queue', () => {
  const schemas: string[] = [];
  let journal: PostgresJournal;
  const schema = () => {
    const name = freshSchema();
    schemas.push(name);
    return name;
  };
  beforeAll(async () => {
    journal = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: schema() });
  });
  afterAll(async () => {
    await journal?.close();
    for (const name of schemas) await dropSchema(name);
  });

  it('audits an action as soon as its delay has passed, though its workers poll only every 30 s', async () => {
    const agentRuntime = createRuntime({ journal, adapters: [createNotesAdapter({ service: new NotesService() })], policy: [] });
    const queue = new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: schema(), pollingIntervalSeconds: 30 });
    const policy = { rules: [{ kind: 'forbid-input' as const, name: 'no-roadmap-leaks', action: 'notes.note.create', field: 'title', values: [FORBIDDEN] }], response: 'pause' as const };
    const supervisor = createSupervisor({ runtime: createRuntime({ journal, adapters: [], policy: [] }), config: { auditDelayMs: 1000, pollMs: 50, triggers: { policy } }, queue });
    await supervisor.start();
    try {
      // The workers have asked once already and found nothing: only a wake-up at the due time gets the job out before 30 s.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const session = await agentRuntime.startSession({ agentId: 'prompt-writer' });
      await session.run('notes.note.create', { title: FORBIDDEN, body: '', tags: [] });
      const committed = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!;
      await waitFor(async () => (await journal.entriesOfType(['kill'])).length > 0, 10_000, 'the pause');
      const [kill] = await journal.entriesOfType(['kill']);
      const afterCommit = Date.parse(kill!.at) - Date.parse(committed.at);
      expect(afterCommit).toBeGreaterThanOrEqual(1000);
      expect(afterCommit).toBeLessThan(4000);
    } finally {
      await supervisor.stop();
    }
  }, 30_000);

  it('hands back the jobs it took along with a slow audit, and each job is still done once', async () => {
    const bossSchema = schema();
    const queue = new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, expireInSeconds: 2, maintenanceIntervalSeconds: 1 });
    const job = (name: string): AuditJob => ({ actionId: randomUUID(), sessionId: 'queue-test', agentId: name, action: 'notes.note.create', seq: 1, dueAt: Date.now() });
    const handled: string[] = [];
    await queue.work(async (audit) => {
      // Past half the expiry (1 s): whatever this worker took along with it is handed back.
      if (audit.agentId === 'slow') await new Promise((resolve) => setTimeout(resolve, 1200));
      handled.push(audit.actionId);
    });
    const quick = job('quick');
    const slow = [job('slow'), job('slow'), job('slow')];
    try {
      // A quick audit first, so the worker takes several due jobs at once.
      await queue.enqueue([quick]);
      await waitFor(() => handled.includes(quick.actionId), 5000, 'the quick audit');
      await queue.enqueue(slow);
      await waitFor(() => slow.every((one) => handled.includes(one.actionId)), 15_000, 'the slow audits');
    } finally {
      // Stopping waits for the completions to be recorded.
      await queue.stop();
    }
    expect(handled.filter((id) => id !== quick.actionId).sort()).toEqual(slow.map((one) => one.actionId).sort());
    // pg-boss's own record: all done, and the two taken behind the first slow audit were handed back (tried twice).
    const rows = await withDirectConnection(async (client) => (await client.query<{ state: string; retry_count: number }>(`SELECT state, retry_count FROM "${bossSchema}".job WHERE id = ANY($1::uuid[])`, [slow.map((one) => auditJobId(one.actionId))])).rows);
    expect(rows.map((row) => row.state)).toEqual(['completed', 'completed', 'completed']);
    expect(rows.map((row) => row.retry_count).sort()).toEqual([0, 1, 1]);
  }, 30_000);

  it('gives up on an audit stuck past its job\'s expiry and goes on to the next job', async () => {
    const bossSchema = schema();
    const queue = new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema: bossSchema, expireInSeconds: 2, maintenanceIntervalSeconds: 1 });
    const job = (name: string): AuditJob => ({ actionId: randomUUID(), sessionId: 'queue-test', agentId: name, action: 'notes.note.create', seq: 1, dueAt: Date.now() });
    const stuck = job('stuck');
    const next = job('next');
    const handled: string[] = [];
    await queue.work(async (audit) => {
      handled.push(audit.actionId);
      // Never answers, as a call without a timeout of its own might.
      if (audit.agentId === 'stuck') await new Promise(() => undefined);
    });
    let waited: number;
    try {
      await queue.enqueue([stuck]);
      await waitFor(() => handled.includes(stuck.actionId), 5000, 'the stuck audit to begin');
      await queue.enqueue([next]);
      waited = await waitFor(() => handled.includes(next.actionId), 10_000, 'the next audit');
    } finally {
      await queue.stop();
    }
    // The one worker was free again once the stuck job expired (2 s), not never.
    expect(waited).toBeLessThan(5000);
    const [row] = await withDirectConnection(async (client) => (await client.query<{ state: string; retry_count: number }>(`SELECT state, retry_count FROM "${bossSchema}".job WHERE id = $1`, [auditJobId(stuck.actionId)])).rows);
    expect(row!.state).not.toBe('completed');
  }, 30_000);
});
