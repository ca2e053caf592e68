// The SQLite journal's schema, versioned; triggers refuse UPDATE and DELETE on entries.
import type { SqliteConnection } from './driver.js';

/**
 * 2: the rollback_locks table (older processes would roll back without taking the lock).
 * 3: retention: prune_anchors, and entries deleted only inside a prune (older code would not verify from an anchor).
 */
export const SCHEMA_VERSION = 3;

/**
 * The entry types the type index holds. SQLite uses a partial index only for a query that repeats its
 * WHERE term as written, so a query by one of these types also says `type IN ${TYPE_INDEXED}`.
 */
export const TYPE_INDEXED = "('session.started', 'session.ended', 'kill', 'resume', 'action.awaiting-approval', 'approval.granted', 'approval.denied')";

/** The entries that end a session or roll it back, indexed by session for the session list's status and conflicts. */
export const SESSION_OUTCOMES = "('session.ended', 'rollback.finished')";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS backspace_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  session_id TEXT,
  agent_id TEXT,
  action_id TEXT,
  action TEXT,
  idempotency_key TEXT,
  resource TEXT,
  correlation_id TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_by_session ON entries (session_id, seq) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_by_key ON entries (idempotency_key, seq) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_by_resource ON entries (resource, seq) WHERE resource IS NOT NULL;
-- Only the entry types that are looked up by type (kill switch, approvals, session lists) are indexed:
-- every index costs each append.
CREATE INDEX IF NOT EXISTS entries_by_type ON entries (type, seq)
  WHERE type IN ${TYPE_INDEXED};
-- The session list's indexes. They are created on the next writable open of an older file (migrate runs
-- this schema each time); older code keeps them up to date as SQLite maintains every index, so the
-- schema version stays and older code still opens the file. Entries and their hash chain are untouched.
-- A session's committed writes by action: the list counts them and names their providers from this
-- index alone, and its provider filter asks it whether a session wrote to that provider (one seek),
-- instead of reading every entry of every session to find the few that did.
CREATE INDEX IF NOT EXISTS entries_committed_by_session ON entries (session_id, action) WHERE type = 'action.committed';
-- How each session ended and whether it was rolled back, by session: the list's status and conflicts
-- filters ask every candidate, which without it meant reading all of each session's entries.
CREATE INDEX IF NOT EXISTS entries_session_outcomes ON entries (session_id, type, seq) WHERE type IN ${SESSION_OUTCOMES};
-- Not entries: one row per session being rolled back, held by one engine at a time.
CREATE TABLE IF NOT EXISTS rollback_locks (
  session_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  renewed_at INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'the Backspace journal is append-only: entries cannot be updated'); END;
-- One row per prune: where the remaining chain starts (see @backspace/core's PruneAnchor), never changed.
CREATE TABLE IF NOT EXISTS prune_anchors (
  through_seq INTEGER PRIMARY KEY,
  anchor TEXT NOT NULL
);
-- Holds a row only inside a prune's transaction: the one way entries are deleted, and only those it covers.
CREATE TABLE IF NOT EXISTS prune_in_progress (through_seq INTEGER NOT NULL);
DROP TRIGGER IF EXISTS entries_no_delete;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
  WHEN NOT EXISTS (SELECT 1 FROM prune_in_progress WHERE OLD.seq <= through_seq)
  BEGIN SELECT RAISE(ABORT, 'the Backspace journal is append-only: entries cannot be deleted (only a prune removes entries past retention)'); END;
CREATE TRIGGER IF NOT EXISTS prune_anchors_no_update BEFORE UPDATE ON prune_anchors
  BEGIN SELECT RAISE(ABORT, 'prune anchors cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS prune_anchors_no_delete BEFORE DELETE ON prune_anchors
  BEGIN SELECT RAISE(ABORT, 'prune anchors cannot be deleted'); END;
`;

/** Every table, index and trigger the schema makes: a journal missing one is brought up to date. */
const SCHEMA_OBJECTS = [...SCHEMA.matchAll(/CREATE (?:TABLE|INDEX|TRIGGER) (?:IF NOT EXISTS )?(\w+)/g)].map((match) => match[1]!);

/**
 * Whether the file already holds this schema: its version, and every object (indexes added without a new
 * version included). Read only; `migrate` writes nothing when it does.
 */
export function schemaIsCurrent(db: SqliteConnection): boolean {
  const names = new Set((db.prepare('SELECT name FROM sqlite_master').all() as { name: string }[]).map((row) => row.name));
  if (!names.has('backspace_meta')) return false;
  const row = db.prepare("SELECT value FROM backspace_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row?.value === String(SCHEMA_VERSION) && SCHEMA_OBJECTS.every((name) => names.has(name));
}
