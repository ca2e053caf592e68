// The PostgreSQL journal holds deferred effects to roles in the database (migration 8): the agent's
// login role holds a call; only an operator's or the supervisor's releases or drops it; an agent's
// role can do neither.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryType, JournalStore } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { closeTestJournals, connectionStringAs, dropSchema, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from '../../journal-postgres/src/test-support/postgres-server.js';

const available = await postgresAvailable();

describe.runIf(available)('PostgreSQL journal: deferred effects by role', () => {
  const schema = freshSchema();
  const suffix = randomBytes(4).toString('hex');
  const roles = { agent: `bs_df_agent_${suffix}`, operator: `bs_df_ops_${suffix}`, supervisor: `bs_df_sup_${suffix}` };
  const stores: JournalStore[] = [];
  const appendAs = async (role: string, type: EntryType): Promise<string> => {
    const store = await createPostgresJournal({ connectionString: connectionStringAs(role), schema });
    stores.push(store);
    return store.append({ type, sessionId: 's1', agentId: 'cleanup', actionId: 'd1', data: { by: 'someone' } }).then(() => 'appended', (error: Error) => error.message);
  };

  beforeAll(async () => {
    await openTestJournal(schema);
    await withDirectConnection(async (client) => {
      for (const role of Object.values(roles)) {
        await client.query(`CREATE ROLE "${role}" LOGIN`);
        await client.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "${schema}" TO "${role}"`);
      }
      await client.query(`INSERT INTO "${schema}".writer_roles (db_role, role) VALUES ($1, 'agent'), ($2, 'operator'), ($3, 'supervisor')`, [roles.agent, roles.operator, roles.supervisor]);
    });
  });

  afterAll(async () => {
    for (const store of stores.splice(0)) await store.close();
    await closeTestJournals();
    await dropSchema(schema);
    await withDirectConnection(async (client) => {
      for (const role of Object.values(roles)) await client.query(`DROP ROLE IF EXISTS "${role}"`);
    });
  });

  it('lets the agent role hold a call, and the operator and supervisor roles release it, send it and drop it', async () => {
    expect(await appendAs(roles.agent, 'action.deferred')).toBe('appended');
    for (const role of [roles.operator, roles.supervisor]) {
      for (const type of ['deferred.released', 'action.intent', 'action.committed', 'action.unknown', 'deferred.dropped'] as const) expect(await appendAs(role, type)).toBe('appended');
    }
  });

  it('refuses a release or a drop by the agent role, and a deferral by the operator or supervisor role', async () => {
    expect(await appendAs(roles.agent, 'deferred.released')).toMatch(/writes as a Backspace agent, which may not append deferred.released entries/);
    expect(await appendAs(roles.agent, 'deferred.dropped')).toMatch(/may not append deferred.dropped/);
    expect(await appendAs(roles.operator, 'action.deferred')).toMatch(/writes as a Backspace operator, which may not append action.deferred entries/);
    expect(await appendAs(roles.supervisor, 'action.deferred')).toMatch(/may not append action.deferred/);
  });
});
