// The SQLite journal's schema, versioned; triggers refuse UPDATE and DELETE on entries.

/** 2: the rollback_locks table (older processes would roll back without taking the lock). */
export const SCHEMA_VERSION = 2;

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
  WHERE type IN ('session.started', 'session.ended', 'kill', 'resume', 'action.awaiting-approval', 'approval.granted', 'approval.denied');
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
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'the Backspace journal is append-only: entries cannot be deleted'); END;
`;
