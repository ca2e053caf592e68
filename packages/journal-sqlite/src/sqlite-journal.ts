// The embedded journal: one SQLite file in WAL mode, durable appends, hash-chained entries.
import {
  BackspaceError,
  chainEntry,
  entryParameters,
  rowToEntry,
  verifyChain,
  validSessionQuery,
  type ChainHead,
  type Json,
  type StoredEntryRow,
  type EntryType,
  type JournalEntry,
  type NewEntry,
  type PrunableJournal,
  type SessionFilter,
  type SessionSummary,
  type VerifyReport,
} from '@backspace/core';
import { SCHEMA, SCHEMA_VERSION, schemaIsCurrent } from './schema.js';
import { sqliteErrorCode, type SqliteConnection } from './driver.js';
import { openDatabase } from './open.js';
import { createPruning } from './prune.js';
import { createRollbackLocks } from './rollback-lock.js';
import { listSessionPage } from './session-page.js';

export interface SqliteJournalOptions {
  /** The journal file; created when missing (unless `create: false`). `:memory:` for a throwaway journal. */
  path: string;
  /**
   * `true` (default): a missing or empty file becomes a new journal, as an agent's first start needs.
   * `false`: only an existing journal opens; a missing or empty file is a `journal_unavailable` error
   * and nothing is created (operators' tools, so a mistyped path cannot start a second journal).
   */
  create?: boolean;
  /**
   * Open read-only (never creates): no migration, no switch to WAL, appends and rollback locks refused.
   * The file is left byte for byte as it was; a file the user may only read can be read.
   */
  readOnly?: boolean;
  /** `FULL` (default): an acknowledged append survives a killed process or a power cut. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another process holding the write lock. */
  busyTimeoutMs?: number;
}

type Row = StoredEntryRow;

interface PlanRow {
  seq: number;
  at: string;
  type: EntryType;
  action_id: string | null;
  action: string | null;
  idempotency_key: string | null;
  resource: string | null;
  data: string;
}

const PAGE_SIZE = 500;

export function createSqliteJournal(options: SqliteJournalOptions): PrunableJournal {
  const readOnly = options.readOnly ?? false;
  const { db } = openDatabase(options.path, { busyTimeoutMs: options.busyTimeoutMs ?? 10_000, create: options.create ?? true, readOnly });
  if (!readOnly) {
    try {
      db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  const refuseWrite = (what: string) => {
    throw new BackspaceError('journal_unavailable', `journal ${options.path} is opened read-only: ${what} is refused`);
  };

  const last = db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO entries (seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const bySession = db.prepare('SELECT * FROM entries WHERE session_id = ? ORDER BY seq');
  // Parsing the payload in JS and keeping only the compensation is faster than SQLite's json_extract.
  const planPage = db.prepare('SELECT seq, at, type, action_id, action, idempotency_key, resource, data FROM entries WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  const byResource = db.prepare('SELECT * FROM entries WHERE resource = ? ORDER BY seq');
  const byKey = db.prepare('SELECT * FROM entries WHERE idempotency_key = ? ORDER BY seq');
  const all = db.prepare('SELECT * FROM entries ORDER BY seq');

  const pruning = createPruning(db, readOnly);
  const appendEntry = (entry: NewEntry): JournalEntry => {
    // A journal pruned of every entry continues from its anchor, never from entry 1 again.
    const { entry: stored, dataJson } = chainEntry(entry, (last.get() as ChainHead | undefined) ?? pruning.headAfterPrune());
    insert.run(...entryParameters(stored, dataJson));
    return stored;
  };

  // A read-only journal may predate the lock table (schema 1), and never takes a lock.
  const lockRollback = readOnly ? null : createRollbackLocks(db);

  const guard = <T>(what: string, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (BackspaceError.isInstance(error)) throw error;
      const code = sqliteErrorCode(error);
      const hint = code.startsWith('SQLITE_BUSY') ? ' (another process holds the journal locked)' : '';
      throw new BackspaceError('journal_unavailable', `journal ${options.path}: ${what} failed${hint}: ${(error as Error).message}`, { cause: error, isRetryable: code.startsWith('SQLITE_BUSY') });
    }
  };

  return {
    kind: 'sqlite',
    append: async (entry) => guard('append', () => (readOnly ? refuseWrite(`appending ${entry.type}`) : db.immediate(() => appendEntry(entry)))),
    sessionEntries: async (sessionId) => guard('read', () => (bySession.all(sessionId) as Row[]).map(rowToEntry)),
    async *sessionPlanPages(sessionId) {
      for (let after = 0; ; ) {
        const rows = guard('read', () => planPage.all(sessionId, after, PAGE_SIZE) as PlanRow[]);
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.seq;
        yield rows.map((row) => ({
          seq: row.seq,
          at: row.at,
          type: row.type,
          actionId: row.action_id,
          action: row.action,
          idempotencyKey: row.idempotency_key,
          resource: row.resource,
          compensation: row.type === 'action.committed' ? ((JSON.parse(row.data) as { compensation?: Json }).compensation ?? null) : null,
        }));
      }
    },
    resourceEntries: async (resource) => guard('read', () => (byResource.all(resource) as Row[]).map(rowToEntry)),
    keyEntries: async (key) => guard('read', () => (byKey.all(key) as Row[]).map(rowToEntry)),
    entriesOfType: async (types, afterSeq = 0) =>
      guard('read', () => {
        if (types.length === 0) return [];
        const marks = types.map(() => '?').join(',');
        return (db.prepare(`SELECT * FROM entries WHERE type IN (${marks}) AND seq > ? ORDER BY seq`).all(...types, afterSeq) as Row[]).map(rowToEntry);
      }),
    sessions: async (filter: SessionFilter = {}) => guard('read', () => listSessions(db, filter)),
    sessionPage: async (query) => guard('read', () => listSessionPage(db, validSessionQuery(query))),
    // After a prune the chain continues from its anchor: the next entry links to the last one removed.
    verify: async (): Promise<VerifyReport> =>
      guard('verify', () => {
        const anchor = pruning.pruneAnchor();
        const layout = anchor ? { anchor: anchor.throughHash, afterSeq: anchor.throughSeq } : {};
        return verifyChain((function* () {
          for (const row of all.iterate() as Iterable<Row>) yield rowToEntry(row);
        })(), layout);
      }),
    pruneAnchor: async () => guard('reading the prune anchor', () => pruning.pruneAnchor()),
    chainHeads: () => null,
    prune: async (anchor) => guard('pruning', () => pruning.prune(anchor)),
    lockRollback: async (sessionId, holder) => guard('locking a rollback', () => (lockRollback ? lockRollback(sessionId, holder) : refuseWrite('locking a rollback'))),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

/**
 * Brings a journal (or a new, empty file) to this code's schema; `openDatabase` refused anything else.
 * Run on every writable open, so append-only triggers someone dropped are back before the next append.
 */
/**
 * Brings the schema up to date, and only when it is not: a current journal is not written at all (no
 * version row rewritten, no trigger recreated), so a writable open changes nothing on disk until an
 * append, and a journal refused afterwards (its history edited) is left exactly as it was found.
 */
function migrate(db: SqliteConnection): void {
  if (schemaIsCurrent(db)) return;
  db.immediate(() => {
    db.exec(SCHEMA);
    db.prepare("INSERT OR REPLACE INTO backspace_meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  });
}

function listSessions(db: SqliteConnection, filter: SessionFilter): SessionSummary[] {
  const conditions = ["s.type = 'session.started'"];
  const params: string[] = [];
  if (filter.agentId) {
    conditions.push('s.agent_id = ?');
    params.push(filter.agentId);
  }
  if (filter.since) {
    conditions.push('s.at >= ?');
    params.push(filter.since);
  }
  if (filter.until) {
    conditions.push('s.at < ?');
    params.push(filter.until);
  }
  const rows = db
    .prepare(`SELECT s.session_id, s.agent_id, s.correlation_id, s.at, s.data,
        (SELECT e.at FROM entries e WHERE e.session_id = s.session_id AND e.type = 'session.ended' LIMIT 1) AS ended_at,
        (SELECT count(*) FROM entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS actions
      FROM entries s WHERE ${conditions.join(' AND ')} ORDER BY s.seq`)
    .all(...params) as { session_id: string; agent_id: string; correlation_id: string | null; at: string; data: string; ended_at: string | null; actions: number }[];
  return rows.map((row) => ({
    id: row.session_id,
    agentId: row.agent_id,
    reason: (JSON.parse(row.data) as { reason?: string | null }).reason ?? null,
    correlationId: row.correlation_id,
    startedAt: row.at,
    endedAt: row.ended_at,
    actions: row.actions,
  }));
}
