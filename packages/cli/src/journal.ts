// Opens the journal the config (or --journal) names: a SQLite file, or PostgreSQL for fleets.
import { existsSync } from 'node:fs';
import type { JournalStore } from '@backspace/core';
import { BackspaceError } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { DEFAULT_JOURNAL, type BackspaceConfig } from './config.js';

export interface JournalChoice {
  /** --journal: a SQLite file path or a postgres:// URL. */
  journal?: string;
  /** --schema: the schema of a PostgreSQL journal. */
  schema?: string;
  /** Commands that only read refuse to create a journal that does not exist. */
  mustExist?: boolean;
}

export async function openJournal(config: BackspaceConfig, choice: JournalChoice): Promise<JournalStore> {
  const postgres = config.journal && 'postgres' in config.journal ? config.journal : undefined;
  const target = choice.journal ?? postgres?.postgres ?? (config.journal && 'path' in config.journal ? config.journal.path : undefined) ?? DEFAULT_JOURNAL;
  // The config's schema goes with the config's URL; --journal names another journal.
  const schema = choice.schema ?? (choice.journal ? undefined : postgres?.schema);
  if (/^postgres(ql)?:\/\//.test(target)) {
    const { createPostgresJournal } = await import('@backspace/journal-postgres');
    return createPostgresJournal({ connectionString: target, ...(schema ? { schema } : {}) });
  }
  if (choice.schema) throw new BackspaceError('invalid_config', `--schema names a PostgreSQL schema, but the journal is the SQLite file ${target}`);
  if (choice.mustExist && !existsSync(target)) {
    throw new BackspaceError('journal_unavailable', `no journal at ${target}: run an agent (or \`backspace demo --journal ${target}\`) first, or pass --journal`);
  }
  return createSqliteJournal({ path: target });
}
