// The PostgreSQL journal enforces writers in the database: a login role mapped to a Backspace role in
// writer_roles may append only what that role may write, through the append function or a direct
// INSERT; an unmapped role appends nothing. Tampering by someone who can switch the triggers off is
// found by the audit (writers' signatures and checkpoints). Counted in the security tally.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJournal, createRuntime, createWriterKey, type JournalStore } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { closeTestJournals, connectionStringAs, dropSchema, freshSchema, openTestJournal, postgresAvailable, tamper as untriggered, withDirectConnection } from '../../packages/journal-postgres/src/test-support/postgres-server.js';
import { authz, tamper, writeReport } from './tally.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL journal: writers known and limited in the database', () => {
  const schema = freshSchema();
  const suffix = randomBytes(4).toString('hex');
  const roles = { agent: `bs_agent_${suffix}`, operator: `bs_ops_${suffix}`, stranger: `bs_stranger_${suffix}` };
  const stores: JournalStore[] = [];
  const asRole = async (role: string) => {
    const store = await createPostgresJournal({ connectionString: connectionStringAs(role), schema });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    await openTestJournal(schema);
    await withDirectConnection(async (client) => {
      for (const role of Object.values(roles)) {
        await client.query(`CREATE ROLE "${role}" LOGIN`);
        // Generous grants on purpose: even a role that may INSERT directly is held by the trigger.
        await client.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
        await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "${schema}" TO "${role}"`);
      }
      await client.query(`INSERT INTO "${schema}".writer_roles (db_role, role) VALUES ($1, 'agent'), ($2, 'operator')`, [roles.agent, roles.operator]);
    });
  });

  afterAll(async () => {
    for (const store of stores.splice(0)) await store.close();
    await closeTestJournals();
    await dropSchema(schema);
    await withDirectConnection(async (client) => {
      for (const role of Object.values(roles)) await client.query(`DROP ROLE IF EXISTS "${role}"`);
    });
    writeReport();
  });

  it('lets the agent role append its own sessions and actions', async () => {
    const agent = await asRole(roles.agent);
    const entry = await agent.append({ type: 'session.started', sessionId: 's1', agentId: 'triage-bot', data: { reason: null } });
    expect(entry.seq).toBeGreaterThan(0);
  });

  it('refuses an approval, a kill and a resume appended by the agent role', async () => {
    const agent = await asRole(roles.agent);
    for (const type of ['approval.granted', 'kill', 'resume'] as const) {
      const refused = await agent.append({ type, data: { scope: 'all', by: 'ops-alice' } }).then(() => false, (error: Error & { code?: string }) => error.code === 'unauthorized' && /may not append/.test(error.message));
      expect(authz(refused)).toBe(true);
    }
  });

  it('refuses the same forgery as a direct INSERT by the agent role', async () => {
    const refused = await withDirectConnection(
      (client) =>
        client
          .query(`INSERT INTO "${schema}".entries (seq, chain, id, at, type, data, prev_hash, hash) VALUES (999999, 0, 'x', 'now', 'resume', '{}', 'p', 'h')`)
          .then(() => false, (error: Error & { code?: string }) => error.code === '42501' && /may not append resume/.test(error.message)),
      roles.agent,
    );
    expect(authz(refused)).toBe(true);
  });

  it('refuses every append by a role no administrator mapped', async () => {
    const stranger = await asRole(roles.stranger);
    const refused = await stranger.append({ type: 'session.started', sessionId: 's2', agentId: 'x', data: {} }).then(() => false, (error: Error) => /is not a writer/.test(error.message));
    expect(authz(refused)).toBe(true);
  });

  it('lets the operator role kill and approve', async () => {
    const operator = await asRole(roles.operator);
    await expect(operator.append({ type: 'kill', data: { scope: 'all', by: 'ops-alice', reason: 'drill' } })).resolves.toMatchObject({ type: 'kill' });
    await expect(operator.append({ type: 'resume', data: { scope: 'all', by: 'ops-alice' } })).resolves.toMatchObject({ type: 'resume' });
  });

  it('lets only the operator role prune: the agent and unmapped roles are refused by the database', async () => {
    const count = () => withDirectConnection(async (client) => Number((await client.query(`SELECT count(*) AS n FROM "${schema}".entries`)).rows[0].n));
    const before = await count();
    const first = await withDirectConnection(async (client) => (await client.query(`SELECT seq, hash FROM "${schema}".entries ORDER BY seq LIMIT 1`)).rows[0] as { seq: string; hash: string });
    const pruneAs = (role: string, removed: number) =>
      withDirectConnection(
        (client) => client.query(`SELECT "${schema}".prune_entries($1, $2, $3, '{}', '{}')`, [first.seq, first.hash, removed]).then(() => 'pruned', (error: Error & { code?: string }) => `${error.code}: ${error.message}`),
        role,
      );
    for (const role of [roles.agent, roles.stranger]) expect(authz(/^42501: .* may not prune the journal$/.test(await pruneAs(role, 1)))).toBe(true);
    // The operator passes the role check; a count that does not match the journal stops it before anything is removed.
    expect(await pruneAs(roles.operator, 0)).toMatch(/^40001: nothing pruned: the journal through entry \d+ is not what the prune was planned on$/);
    expect(await count()).toBe(before);
  });
});

describe.skipIf(!available)('PostgreSQL journal: tampering by someone who can switch the triggers off is found', () => {
  afterAll(async () => {
    await closeTestJournals();
    writeReport();
  });

  async function deployment() {
    const schema = freshSchema();
    const journal = await openTestJournal(schema);
    const agentKey = createWriterKey('triage-bot', 'agent');
    const opsKey = createWriterKey('ops-alice', 'operator');
    const keyring = { writers: [agentKey.trusted, opsKey.trusted] };
    const checkpoints = join(mkdtempSync(join(tmpdir(), 'backspace-pg-checkpoints-')), 'checkpoints.jsonl');
    const service = new NotesService();
    const runtime = (key: typeof agentKey) => createRuntime({ journal, adapters: [createNotesAdapter({ service })], policy: [], writer: key.identity, keyring, ...(key === opsKey ? { checkpoints } : {}) });
    const session = await runtime(agentKey).startSession({ agentId: 'triage-bot' });
    await session.run('notes.note.create', { title: 'a' });
    await session.run('notes.note.create', { title: 'b' });
    await session.end();
    await runtime(opsKey).kill({ scope: { agentId: 'triage-bot' }, reason: 'drill', by: 'ops-alice' });
    return { schema, journal, keyring, checkpoints };
  }

  it('an unsigned approval inserted with the triggers off', async () => {
    const { schema, journal, keyring, checkpoints } = await deployment();
    await untriggered(schema, [`SELECT $schema.append_to_chain(1::smallint, 'forged', '2026-12-03T00:00:00.000Z', 'approval.granted', null, null, 'r1', null, null, null, null, '{"by":"ops-alice"}', '{"action":null,"actionId":"r1","agentId":null,"at":"2026-12-03T00:00:00.000Z","correlationId":null,"data":', ',"id":"forged","idempotencyKey":null,"resource":null,"seq":', ',"sessionId":null,"type":"approval.granted"}')`]);
    const report = await auditJournal(journal, { keyring, checkpoints });
    expect(tamper(report.problems.some((problem) => /approval.granted carries no writer signature/.test(problem.reason)))).toBe(true);
  });

  it('the newest entries deleted', async () => {
    const { schema, journal, keyring, checkpoints } = await deployment();
    await untriggered(schema, ['DELETE FROM $schema.entries WHERE seq >= (SELECT max(seq) - 1 FROM $schema.entries)']);
    const report = await auditJournal(journal, { keyring, checkpoints });
    expect(tamper(!report.ok && report.problems.some((problem) => /is gone/.test(problem.reason)))).toBe(true);
  });
});
