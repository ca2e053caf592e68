// The PostgreSQL journal holds the supervisor's entries to its roles in the database (migration 6):
// the supervisor's login role appends audits, findings and responses; only an operator's marks a false
// alarm; an agent's role can forge neither.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryType, JournalStore } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { closeTestJournals, connectionStringAs, dropSchema, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from '../../journal-postgres/src/test-support/postgres-server.js';

const available = await postgresAvailable();

describe.runIf(available)("PostgreSQL journal: the supervisor's entries by role", () => {
  const schema = freshSchema();
  const suffix = randomBytes(4).toString('hex');
  const roles = { agent: `bs_sv_agent_${suffix}`, operator: `bs_sv_ops_${suffix}`, supervisor: `bs_sv_sup_${suffix}` };
  const stores: JournalStore[] = [];
  const appendAs = async (role: string, type: EntryType): Promise<string> => {
    const store = await createPostgresJournal({ connectionString: connectionStringAs(role), schema });
    stores.push(store);
    return store.append({ type, sessionId: 's1', agentId: 'triage', data: { findingId: 'f1' } }).then(() => 'appended', (error: Error) => error.message);
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

  it('lets the supervisor role append audits, findings and responses, and the operator role a false alarm', async () => {
    for (const type of ['supervisor.audit', 'supervisor.finding', 'supervisor.response'] as const) expect(await appendAs(roles.supervisor, type)).toBe('appended');
    expect(await appendAs(roles.operator, 'supervisor.false-alarm')).toBe('appended');
  });

  it('refuses a finding forged by the agent role and a false alarm by the supervisor role', async () => {
    expect(await appendAs(roles.agent, 'supervisor.finding')).toMatch(/writes as a Backspace agent, which may not append supervisor.finding entries/);
    expect(await appendAs(roles.supervisor, 'supervisor.false-alarm')).toMatch(/writes as a Backspace supervisor, which may not append supervisor.false-alarm entries/);
    expect(await appendAs(roles.operator, 'supervisor.audit')).toMatch(/may not append supervisor.audit/);
  });
});
