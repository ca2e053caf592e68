// The journal for fleets: many agent processes on many hosts share one hash-chained journal in PostgreSQL.
import pg from 'pg';
import { BackspaceError, validSessionQuery, type EntryType, type JournalEntry, type PrunableJournal } from '@backspace/core';
import { keepAppendConnection } from './append-connection.js';
import { createAppender } from './append-entry.js';
import { entriesOfTypeAfter } from './cursor-reads.js';
import { readChainStart, verifyChains, type ChainStart } from './chains.js';
import { explainFailure } from './connect-errors.js';
import { openControlChannel, type ControlChannel } from './control-channel.js';
import { listSessionPage, listSessions } from './list-sessions.js';
import { migrate, requireCurrentSchema } from './migrate.js';
import { chainHeadsOf, pruneThrough, readPruneAnchor, readVerifiable } from './prune.js';
import { lockRollback } from './rollback-lock.js';
import { ENTRY_COLUMNS, rowToEntry, type EntryRow } from './rows.js';
import { quoteIdentifier, readSettings, type PostgresJournalOptions } from './settings.js';

/** The store with the PostgreSQL extras the contract leaves optional: kill-switch push and the cross-host rollback lock. */
export type PostgresJournal = PrunableJournal &
  Required<Pick<PrunableJournal, 'onControlEntry' | 'lockRollback'>> & {
    readonly kind: 'postgres';
    readonly schema: string;
  };

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects, migrates the schema (idempotent, safe with many processes starting at once) and starts
 * listening for kill and resume entries. Read-only (`readOnly: true`): checks the schema instead of
 * migrating, makes every connection read-only and listens for nothing. Every failure is a
 * `journal_unavailable` BackspaceError whose message never holds the password.
 */
export async function createPostgresJournal(options: PostgresJournalOptions): Promise<PostgresJournal> {
  const settings = readSettings(options);
  const { schema } = settings;
  const s = quoteIdentifier(schema);
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'backspace-journal',
    // Read-only: a connection is handed out only once the database itself refuses its writes.
    ...(settings.readOnly ? { onConnect: async (client: pg.ClientBase) => void (await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY')) } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  let control: ControlChannel | null = null;
  let start: ChainStart;
  try {
    const client = await pool.connect();
    try {
      if (settings.readOnly) await requireCurrentSchema(client, schema);
      else await migrate(client, schema, { create: settings.create });
      start = await readChainStart(client, schema);
    } finally {
      client.release();
    }
    if (!settings.readOnly) control = await openControlChannel(settings, CONNECT_TIMEOUT_MS);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainFailure(error, settings, 'opening the journal');
  }

  const guard = async <T>(doing: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw explainFailure(error, settings, doing);
    }
  };
  const select = async (where: string, parameters: unknown[]): Promise<JournalEntry[]> => {
    const { rows } = await pool.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${s}.entries WHERE ${where} ORDER BY seq`, parameters);
    return rows.map(rowToEntry);
  };
  const appendConnection = settings.readOnly ? null : keepAppendConnection(pool, settings.poolSize);
  const append = appendConnection ? createAppender(appendConnection, schema, start) : null;
  const refuseWrite = async (what: string): Promise<never> => {
    throw new BackspaceError('journal_unavailable', `the PostgreSQL journal in schema "${schema}" is opened read-only: ${what} is refused`, { details: { schema } });
  };
  let closing: Promise<void> | undefined;

  return {
    kind: 'postgres',
    schema,
    append: (entry) => (append ? guard(`appending ${entry.type}`, () => append(entry)) : refuseWrite(`appending ${entry.type}`)),
    sessionEntries: (sessionId) => guard('reading a session', () => select('session_id = $1', [sessionId])),
    resourceEntries: (resource) => guard('reading a resource', () => select('resource = $1', [resource])),
    keyEntries: (key) => guard('reading an idempotency key', () => select('idempotency_key = $1', [key])),
    // A whole prefix of the journal, so a reader's cursor never passes an entry still committing (cursor-reads.ts).
    entriesOfType: (types: EntryType[], afterSeq = 0) =>
      guard('reading entries by type', async () => (types.length === 0 ? [] : entriesOfTypeAfter(pool, s, start.sessionChains, types, afterSeq))),
    sessions: (filter) => guard('listing sessions', () => listSessions(pool, schema, filter)),
    sessionPage: (query) => guard('listing a page of sessions', () => listSessionPage(pool, schema, validSessionQuery(query))),
    // One snapshot holds a whole prefix of every chain (an append holds its chain's lock until it commits), and the prune anchor that goes with it.
    verify: () =>
      guard('verifying the chains', async () => {
        const { entries, anchor } = await readVerifiable(pool, s);
        return verifyChains(entries, start, anchor);
      }),
    pruneAnchor: () => guard('reading the prune anchor', () => readPruneAnchor(pool, s)),
    chainHeads: (removed) => chainHeadsOf(removed, start),
    prune: (anchor) => (settings.readOnly ? refuseWrite('pruning') : guard(`pruning through entry ${anchor.throughSeq}`, () => pruneThrough(pool, s, anchor))),
    // Read-only: nothing this store does can be stopped by a kill, so it does not listen.
    onControlEntry: (listener) => (control ? control.subscribe(listener) : () => undefined),
    lockRollback: (sessionId) =>
      settings.readOnly ? refuseWrite(`locking the rollback of session ${sessionId}`) : guard(`locking the rollback of session ${sessionId}`, () => lockRollback(settings.connectionString, s, sessionId)),
    close: () => {
      appendConnection?.release();
      return (closing ??= Promise.all([control?.close(), pool.end()]).then(() => undefined));
    },
  };
}
