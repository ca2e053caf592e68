// The journal a worker of the incident fuzzer is given on its command line: a SQLite file's path, or a
// postgres:// URL whose `schema` parameter names the schema (test/incidents/journal.ts), each on the
// packages' built dist.
import { createSqliteJournal } from '../../packages/journal-sqlite/dist/index.js';

export async function openJournal(location) {
  if (!/^postgres(ql)?:\/\//.test(location)) return createSqliteJournal({ path: location });
  const url = new URL(location);
  const schema = url.searchParams.get('schema') ?? undefined;
  // The driver would take an unknown parameter as a server setting: the schema goes to the store instead.
  url.searchParams.delete('schema');
  const { createPostgresJournal } = await import('../../packages/journal-postgres/dist/index.js');
  return createPostgresJournal({ connectionString: url.toString(), schema });
}
