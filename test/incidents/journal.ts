// Where one incident's runtimes keep their journal: a SQLite file (the default), or, with
// INCIDENT_JOURNAL=postgres, a fresh schema on the local PostgreSQL server (BACKSPACE_PG_URL, else
// the test server the journal-postgres package's tests use), dropped when the run ends. Every runtime
// of a run, the child processes' included, opens its own store on the same journal, as a fleet's
// processes do.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalStore } from '@backspace/core';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { TEST_DATABASE_URL, dropSchema, freshSchema } from '../../packages/journal-postgres/src/test-support/postgres-server.js';
import { tempJournalPath } from '../support/rig.js';

export type IncidentStore = 'sqlite' | 'postgres';

export interface IncidentJournal {
  store: IncidentStore;
  /**
   * What a child process is given (test/workers/open-journal.mjs reads it): the SQLite file's path, or
   * the server's postgres:// URL with the schema as a `schema` parameter.
   */
  location: string;
  /** A new store on the run's journal, closed by `dispose`. */
  open(): Promise<JournalStore>;
  /** Closes every store `open` made and removes the journal (the file, or the schema). */
  dispose(): Promise<void>;
}

/** The store INCIDENT_JOURNAL names: `sqlite` when unset. */
export function chosenStore(): IncidentStore {
  const chosen = process.env.INCIDENT_JOURNAL ?? 'sqlite';
  if (chosen !== 'sqlite' && chosen !== 'postgres') throw new Error(`INCIDENT_JOURNAL must be sqlite or postgres, not ${chosen}`);
  return chosen;
}

export function incidentJournal(store: IncidentStore = chosenStore()): IncidentJournal {
  return store === 'postgres' ? postgresJournal() : sqliteJournal();
}

function sqliteJournal(): IncidentJournal {
  const path = tempJournalPath('incident');
  const opened: JournalStore[] = [];
  return {
    store: 'sqlite',
    location: path,
    // Opened at once (the SQLite store opens synchronously), so a run's steps interleave as they always did.
    open: () => Promise.resolve(remember(opened, createSqliteJournal({ path }))),
    dispose: async () => {
      await closeAll(opened);
      rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

function postgresJournal(): IncidentJournal {
  const schema = freshSchema();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  const opened: JournalStore[] = [];
  return {
    store: 'postgres',
    location: url.toString(),
    open: async () => remember(opened, await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema })),
    dispose: async () => {
      await closeAll(opened);
      await dropSchema(schema);
    },
  };
}

function remember(opened: JournalStore[], journal: JournalStore): JournalStore {
  opened.push(journal);
  return journal;
}

async function closeAll(opened: JournalStore[]): Promise<void> {
  for (const journal of opened.splice(0)) await journal.close().catch(() => undefined);
}
