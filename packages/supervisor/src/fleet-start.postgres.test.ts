// Supervisors of a fleet started at once on a database pg-boss has not set up yet (the first deploy,
// two replicas): both created the audit and response queues at the same time, PostgreSQL found the
// two creations deadlocked and cancelled one, and that supervisor failed to start (its queue kept the
// failure, so no later start could succeed either). Every one must start, and the queues exist once.
// Read back with the database's own SQL.
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, TEST_DATABASE_URL, withDirectConnection } from '../../journal-postgres/src/test-support/postgres-server.js';
import { PgBossAuditQueue } from './index.js';

const available = await postgresAvailable();

describe.runIf(available)('a fleet started at once on a fresh pg-boss schema', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('starts every supervisor’s queue; each queue is created once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const schema = freshSchema();
      schemas.push(schema);
      const queues = [0, 1, 2].map(() => new PgBossAuditQueue({ connectionString: TEST_DATABASE_URL, schema }));
      const started = await Promise.allSettled(queues.map((queue) => queue.start()));
      await Promise.all(queues.map((queue) => queue.stop()));
      expect(started.map((result) => (result.status === 'rejected' ? String((result.reason as Error).message) : 'started'))).toEqual(['started', 'started', 'started']);
      const names = await withDirectConnection(async (client) => (await client.query(`SELECT name FROM "${schema}".queue ORDER BY name`)).rows.map((row) => row.name as string));
      expect(names).toEqual(['backspace-audits', 'backspace-audits-responses']);
    }
  }, 60_000);
});
