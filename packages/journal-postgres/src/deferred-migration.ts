// Deferred effects in the database's writer check: the agent's login role appends `action.deferred`;
// an operator's or the supervisor's appends `deferred.released` and `deferred.dropped`, and the intent
// (and unknown outcome) of the held call it sends. That an operator's intent sends a released deferral
// of the same session, action and input is checked by the readers' WriterAudit (with a keyring), which
// a row trigger cannot do without reading the session's entries on every append.
import type { Migration } from './migrations.js';

export const DEFERRED_MIGRATION_VERSION = 8;

export const deferredMigration: Migration = {
  version: DEFERRED_MIGRATION_VERSION,
  description: 'deferred effects: the agent holds a call (action.deferred); an operator or the supervisor releases it (deferred.released, then its intent) or drops it (deferred.dropped)',
  // The check of version 6 written out again with the deferral's types, as migrations stay what they were.
  sql: (s) => `
CREATE OR REPLACE FUNCTION ${s}.check_entry_writer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_role text;
BEGIN
  SELECT role INTO v_role FROM ${s}.writer_roles WHERE db_role = session_user;
  IF v_role IS NULL THEN
    RAISE EXCEPTION 'database role % is not a writer of this Backspace journal', session_user
      USING ERRCODE = 'insufficient_privilege', HINT = 'an administrator maps it in writer_roles';
  END IF;
  IF NOT (CASE v_role
    WHEN 'agent' THEN NEW.type IN ('session.started', 'session.ended', 'action.rejected', 'action.blocked', 'action.awaiting-approval', 'action.intent', 'action.committed', 'action.failed', 'action.unknown', 'action.deferred')
    WHEN 'operator' THEN NEW.type IN ('session.ended', 'action.intent', 'action.committed', 'action.failed', 'action.unknown', 'approval.granted', 'approval.denied', 'kill', 'resume', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed', 'supervisor.false-alarm', 'deferred.released', 'deferred.dropped')
    WHEN 'supervisor' THEN NEW.type IN ('session.ended', 'action.intent', 'action.committed', 'action.failed', 'action.unknown', 'approval.denied', 'kill', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed', 'supervisor.audit', 'supervisor.finding', 'supervisor.response', 'deferred.released', 'deferred.dropped')
    ELSE false END) THEN
    RAISE EXCEPTION 'database role % writes as a Backspace %, which may not append % entries', session_user, v_role, NEW.type
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
-- The supervisor's scan and the outbox's list read held calls by type.
CREATE INDEX entries_deferred_by_type ON ${s}.entries (type, seq) WHERE type = 'action.deferred';`,
};
