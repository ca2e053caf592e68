// Opens the journal the config (or --journal) names: a SQLite file, or PostgreSQL for fleets. Commands
// never create a journal (only `demo` does): a mistyped path or schema is an error, not a new, empty
// journal that the fleet never reads. Read-only commands open it read-only.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalStore } from '@backspace/core';
import { BackspaceError } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { DEFAULT_JOURNAL, type BackspaceConfig } from './config.js';

/** `read`: sessions, show, verify, approvals list, plan (a dry run that records nothing). `write`: everything that appends. */
export type JournalAccess = 'read' | 'write';

export interface JournalChoice {
  /** --journal: a SQLite file path or a postgres:// URL. */
  journal?: string;
  /** --schema: the schema of a PostgreSQL journal. */
  schema?: string;
  access: JournalAccess;
}

export async function openJournal(config: BackspaceConfig, choice: JournalChoice): Promise<JournalStore> {
  const postgres = config.journal && 'postgres' in config.journal ? config.journal : undefined;
  const target = choice.journal ?? postgres?.postgres ?? (config.journal && 'path' in config.journal ? config.journal.path : undefined) ?? DEFAULT_JOURNAL;
  // The config's schema goes with the config's URL; --journal names another journal.
  const schema = choice.schema ?? (choice.journal ? undefined : postgres?.schema);
  const readOnly = choice.access === 'read';
  if (/^postgres(ql)?:\/\//.test(target)) {
    const { createPostgresJournal } = await import('@backspace/journal-postgres');
    return createPostgresJournal({ connectionString: target, ...(schema ? { schema } : {}), create: false, readOnly });
  }
  if (choice.schema) throw new BackspaceError('invalid_config', `--schema names a PostgreSQL schema, but the journal is the SQLite file ${target}`);
  if (!existsSync(target)) {
    throw new BackspaceError('journal_unavailable', `no journal at ${target}: check the path, or run an agent (or \`backspace demo --journal ${target}\`) first`);
  }
  // SQLite says only "disk I/O error" or "unable to open database file" of a directory.
  if (statSync(target).isDirectory()) throw new BackspaceError('journal_unavailable', `${target} is a directory, not a journal file: name the journal file in it (e.g. ${join(target, DEFAULT_JOURNAL)})`);
  return createSqliteJournal({ path: target, create: false, readOnly });
}

/**
 * Refuses to go on with a journal whose hash chain does not verify: a plan or a rollback read from
 * edited history could undo what the agent never did, with the operator's tokens.
 */
export async function requireIntactJournal(journal: JournalStore, refusing: string): Promise<void> {
  const report = await journal.verify();
  if (report.ok) return;
  throw new BackspaceError('journal_tampered', `the journal's hash chain breaks at entry ${report.firstBad.seq} (${report.firstBad.reason}); refusing to ${refusing}; run \`backspace verify\``, { details: { seq: report.firstBad.seq } });
}
