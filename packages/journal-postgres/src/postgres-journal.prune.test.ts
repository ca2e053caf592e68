// The PostgreSQL journal against the shared retention suite, one fresh schema per journal, read back
// over a direct connection.
import { describe } from 'vitest';
import { runPruneConformance } from '@backspace/testkit';
import { createPostgresJournal } from './index.js';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresAvailable, tamper, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();
const schemaOf = (options: unknown) => (options as { schema: string }).schema;

describe.skipIf(!available)('postgres journal', () => {
  runPruneConformance({
    name: 'postgres',
    async create() {
      const options = { connectionString: TEST_DATABASE_URL, schema: freshSchema() };
      return { store: await createPostgresJournal(options), options };
    },
    storedEntries: (options) =>
      withDirectConnection(async (client) => {
        const { rows } = await client.query<{ seq: string; session_id: string | null }>(`SELECT seq, session_id FROM "${schemaOf(options)}".entries ORDER BY seq`);
        return rows.map((row) => ({ seq: Number(row.seq), sessionId: row.session_id }));
      }),
    forgeTruncation: (options, throughSeq, anchor) =>
      tamper(schemaOf(options), [
        `DELETE FROM $schema.entries WHERE seq <= ${throughSeq}`,
        ...(anchor ? [`INSERT INTO $schema.prune_anchors (through_seq, anchor) VALUES (${anchor.throughSeq}, '${JSON.stringify(anchor).replaceAll("'", "''")}')`] : []),
      ]),
    deleteDirectly: (options, seq) => withDirectConnection(async (client) => void (await client.query(`DELETE FROM "${schemaOf(options)}".entries WHERE seq = ${seq}`))),
    destroy: (options) => dropSchema(schemaOf(options)),
  });
});
