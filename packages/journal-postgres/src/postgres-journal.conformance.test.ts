// The PostgreSQL journal against the shared journal conformance suite, one fresh schema per journal.
import { describe } from 'vitest';
import { runJournalConformance } from '@backspace/testkit';
import { createPostgresJournal, type PostgresJournalOptions } from './index.js';
import { TEST_DATABASE_URL, builtPackage, dropSchema, freshSchema, postgresAvailable, tamper } from './test-support/postgres-server.js';

const available = await postgresAvailable();
const schemaOf = (options: unknown) => (options as { schema: string }).schema;

describe.skipIf(!available)('postgres journal', () => {
  runJournalConformance({
    name: 'postgres',
    module: available ? builtPackage() : '',
    factory: 'createPostgresJournal',
    async create() {
      const options = { connectionString: TEST_DATABASE_URL, schema: freshSchema() };
      return { store: await createPostgresJournal(options), options };
    },
    open: (options) => createPostgresJournal(options as unknown as PostgresJournalOptions),
    tamper: {
      edit: (options, seq, data) => tamper(schemaOf(options), [`UPDATE $schema.entries SET data = '${JSON.stringify(data)}' WHERE seq = ${seq}`]),
      remove: (options, seq) => tamper(schemaOf(options), [`DELETE FROM $schema.entries WHERE seq = ${seq}`]),
      swap: (options, left, right) =>
        tamper(schemaOf(options), [
          `UPDATE $schema.entries SET seq = -1 WHERE seq = ${left}`,
          `UPDATE $schema.entries SET seq = ${left} WHERE seq = ${right}`,
          `UPDATE $schema.entries SET seq = ${right} WHERE seq = -1`,
        ]),
    },
    destroy: (options) => dropSchema(schemaOf(options)),
  });
});
