// The journal's schema as numbered migrations; a database records each one it has applied.
import { GENESIS_HASH } from '@backspace/core';
import { CHAIN_LOCK, chainLockArguments } from './advisory-locks.js';
import { SESSION_CHAINS } from './chains.js';
import { pruneMigration } from './prune-migration.js';
import { deferredMigration } from './deferred-migration.js';

export interface Migration {
  version: number;
  description: string;
  /** SQL run once, inside the migration transaction, with `s` the quoted schema name and `schema` the bare one. */
  sql(s: string, schema: string): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'entries (append-only, notifying kill and resume) and rollback leases',
    sql: (s) => `
CREATE TABLE ${s}.entries (
  seq bigint PRIMARY KEY,
  id text NOT NULL,
  at text NOT NULL,
  type text NOT NULL,
  session_id text,
  agent_id text,
  action_id text,
  action text,
  idempotency_key text,
  resource text,
  correlation_id text,
  -- Text, not jsonb: the stored JSON is what was hashed, byte for byte.
  data text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX entries_by_session ON ${s}.entries (session_id, seq) WHERE session_id IS NOT NULL;
CREATE INDEX entries_by_key ON ${s}.entries (idempotency_key, seq) WHERE idempotency_key IS NOT NULL;
CREATE INDEX entries_by_resource ON ${s}.entries (resource, seq) WHERE resource IS NOT NULL;
-- Only the types looked up by type (kill switch, approvals, session lists): every index costs each append.
CREATE INDEX entries_by_type ON ${s}.entries (type, seq)
  WHERE type IN ('session.started', 'session.ended', 'kill', 'resume', 'action.awaiting-approval', 'approval.granted', 'approval.denied');

CREATE FUNCTION ${s}.refuse_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the Backspace journal is append-only: % on %.entries is refused', TG_OP, TG_TABLE_SCHEMA
    USING ERRCODE = 'insufficient_privilege', HINT = 'history is never rewritten; append a new entry instead';
END $$;
-- Statement-level, so even an UPDATE or DELETE that matches no row is refused.
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}.entries
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_entry_change();

-- NOTIFY is sent at commit, so listeners only hear kills that are really in the journal.
CREATE FUNCTION ${s}.notify_control_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_control', NEW.seq::text);
  RETURN NULL;
END $$;
CREATE TRIGGER entries_notify_control AFTER INSERT ON ${s}.entries
  FOR EACH ROW WHEN (NEW.type IN ('kill', 'resume')) EXECUTE FUNCTION ${s}.notify_control_entry();

-- Leases change and expire, so this table is deliberately mutable; only entries are append-only.
CREATE TABLE ${s}.leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);`,
  },
  {
    version: 2,
    description: 'append_entry: insert, commit without waiting for the disk, release the chain lock, then flush',
    // Waiting for the disk while holding the chain lock would let one append reach it per fsync. So the
    // entry commits without waiting, the lock goes to the next writer, and a synchronous commit of a WAL
    // message then flushes the log through this entry: durable when CALL returns, and concurrent flushes
    // share an fsync. WAL is flushed in order, so a crash can only lose a tail of unacknowledged entries.
    sql: (s) => `
CREATE PROCEDURE ${s}.append_entry(
  p_seq bigint, p_id text, p_at text, p_type text, p_session_id text, p_agent_id text, p_action_id text, p_action text,
  p_idempotency_key text, p_resource text, p_correlation_id text, p_data text, p_prev_hash text, p_hash text, p_chain_schema text)
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${s}.entries (seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash)
    VALUES (p_seq, p_id, p_at, p_type, p_session_id, p_agent_id, p_action_id, p_action, p_idempotency_key, p_resource, p_correlation_id, p_data, p_prev_hash, p_hash);
  PERFORM set_config('synchronous_commit', 'off', true);
  COMMIT;
  PERFORM pg_advisory_unlock(${CHAIN_LOCK}, hashtext(p_chain_schema));
  PERFORM pg_logical_emit_message(true, 'backspace', 'flush');
  COMMIT;
END $$;`,
  },
  {
    version: 3,
    description: 'append_chained: lock, read the head, hash and insert in one call, so the chain lock is never held across a round trip',
    // The client sends the entry's canonical JSON body in two parts around its seq (core's
    // entryBodyParts); the database only concatenates and hashes, so it needs no JSON rules of its own.
    // The lock is released right after the commit, as in append_entry, and the flush is shared.
    sql: (s) => `
DROP PROCEDURE ${s}.append_entry;
CREATE PROCEDURE ${s}.append_chained(
  p_id text, p_at text, p_type text, p_session_id text, p_agent_id text, p_action_id text, p_action text,
  p_idempotency_key text, p_resource text, p_correlation_id text, p_data text, p_body_prefix text, p_body_suffix text,
  p_chain_schema text, INOUT o_seq bigint DEFAULT NULL, INOUT o_prev_hash text DEFAULT NULL, INOUT o_hash text DEFAULT NULL)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_lock(${CHAIN_LOCK}, hashtext(p_chain_schema));
  SELECT seq, hash INTO o_seq, o_prev_hash FROM ${s}.entries ORDER BY seq DESC LIMIT 1;
  o_seq := coalesce(o_seq, 0) + 1;
  o_prev_hash := coalesce(o_prev_hash, '${'0'.repeat(64)}');
  o_hash := encode(sha256(convert_to(o_prev_hash || E'\\n' || p_body_prefix || o_seq::text || p_body_suffix, 'UTF8')), 'hex');
  INSERT INTO ${s}.entries (seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash)
    VALUES (o_seq, p_id, p_at, p_type, p_session_id, p_agent_id, p_action_id, p_action, p_idempotency_key, p_resource, p_correlation_id, p_data, o_prev_hash, o_hash);
  PERFORM set_config('synchronous_commit', 'off', true);
  COMMIT;
  PERFORM pg_advisory_unlock(${CHAIN_LOCK}, hashtext(p_chain_schema));
  PERFORM pg_logical_emit_message(true, 'backspace', 'flush');
  COMMIT;
END $$;`,
  },
  {
    version: 4,
    description: 'several chains: kill and resume in one, sessions spread over the others; an append is one transaction that holds only its chain',
    // One chain made every append wait for the one before it. Now a writer locks only its entry's chain
    // (chains.ts picks it), from reading that chain's head until its commit is on disk, so writers of
    // different sessions never wait on each other and an append is a single ordinary transaction. seq
    // comes from a sequence shared by the chains. The entries already written stay one chain, numbered
    // from 1; every new chain starts from that chain's head (the anchor), so they stay vouched for.
    sql: (s, schema) => `
DROP PROCEDURE ${s}.append_chained;
CREATE TABLE ${s}.chain_start (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  first_seq bigint NOT NULL,
  anchor text NOT NULL,
  session_chains integer NOT NULL
);
INSERT INTO ${s}.chain_start (first_seq, anchor, session_chains)
  SELECT coalesce(max(seq), 0) + 1, coalesce((SELECT hash FROM ${s}.entries ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}'), ${SESSION_CHAINS} FROM ${s}.entries;
CREATE OR REPLACE FUNCTION ${s}.refuse_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the Backspace journal is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege', HINT = 'history is never rewritten; append a new entry instead';
END $$;
CREATE TRIGGER chain_start_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}.chain_start
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_entry_change();

ALTER TABLE ${s}.entries ADD COLUMN chain smallint;
CREATE INDEX entries_by_chain ON ${s}.entries (chain, seq);
CREATE SEQUENCE ${s}.entry_seq AS bigint OWNED BY ${s}.entries.seq;
SELECT setval('${s}.entry_seq', first_seq, false) FROM ${s}.chain_start;

-- The function below announces kill and resume itself, sparing every other insert a trigger check.
DROP TRIGGER entries_notify_control ON ${s}.entries;
DROP FUNCTION ${s}.notify_control_entry();

-- Returns 'seq prev_hash hash' as one text: called in the select list, with no function scan, and cheap to read.
CREATE FUNCTION ${s}.append_to_chain(
  p_chain smallint, p_id text, p_at text, p_type text, p_session_id text, p_agent_id text, p_action_id text, p_action text,
  p_idempotency_key text, p_resource text, p_correlation_id text, p_data text, p_before_data text, p_after_data text, p_suffix text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
  v_prev_hash text;
  v_hash text;
BEGIN
  -- Under a stricter isolation the head would be read from a snapshot older than the lock.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'appending to the Backspace journal needs READ COMMITTED isolation, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'invalid_transaction_state', HINT = 'remove default_transaction_isolation from the connection settings';
  END IF;
  -- Tested rather than PERFORMed: plpgsql evaluates a plain expression without starting an executor.
  IF pg_advisory_xact_lock(${chainLockArguments(s, 'p_chain')}) IS NULL THEN
  END IF;
  SELECT hash INTO v_prev_hash FROM ${s}.entries WHERE chain = p_chain ORDER BY seq DESC LIMIT 1;
  IF v_prev_hash IS NULL THEN
    SELECT anchor INTO v_prev_hash FROM ${s}.chain_start;
  END IF;
  v_seq := nextval('${s}.entry_seq');
  v_hash := encode(sha256(convert_to(v_prev_hash || E'\\n' || p_before_data || p_data || p_after_data || v_seq::text || p_suffix, 'UTF8')), 'hex');
  INSERT INTO ${s}.entries (seq, chain, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash)
    VALUES (v_seq, p_chain, p_id, p_at, p_type, p_session_id, p_agent_id, p_action_id, p_action, p_idempotency_key, p_resource, p_correlation_id, p_data, v_prev_hash, v_hash);
  -- Sent at commit, so listeners only hear kills that are really in the journal.
  IF p_type IN ('kill', 'resume') THEN
    PERFORM pg_notify('${controlChannel(schema)}', v_seq::text);
  END IF;
  RETURN v_seq || ' ' || v_prev_hash || ' ' || v_hash;
END $$;`,
  },
  {
    version: 5,
    description: 'writers known and limited in the database: a database role mapped to a Backspace role may append only the entry types that role may write',
    // Enforced on every insert, through append_to_chain or not, by the login role (session_user, which
    // SET ROLE cannot change). The check is a trigger on entries that only exists once an administrator
    // maps a first role, so a journal with one trusted writer pays nothing per append; from then on an
    // unmapped role appends nothing. The types are written out here, not computed, so this migration
    // stays what it was when it ran.
    sql: (s) => `
CREATE TABLE ${s}.writer_roles (
  db_role name PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('agent', 'operator', 'supervisor'))
);
CREATE FUNCTION ${s}.check_entry_writer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_role text;
BEGIN
  SELECT role INTO v_role FROM ${s}.writer_roles WHERE db_role = session_user;
  IF v_role IS NULL THEN
    RAISE EXCEPTION 'database role % is not a writer of this Backspace journal', session_user
      USING ERRCODE = 'insufficient_privilege', HINT = 'an administrator maps it in writer_roles';
  END IF;
  IF NOT (CASE v_role
    WHEN 'agent' THEN NEW.type IN ('session.started', 'session.ended', 'action.rejected', 'action.blocked', 'action.awaiting-approval', 'action.intent', 'action.committed', 'action.failed', 'action.unknown')
    WHEN 'operator' THEN NEW.type IN ('session.ended', 'action.committed', 'action.failed', 'approval.granted', 'approval.denied', 'kill', 'resume', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed')
    WHEN 'supervisor' THEN NEW.type IN ('session.ended', 'action.committed', 'action.failed', 'approval.denied', 'kill', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed')
    ELSE false END) THEN
    RAISE EXCEPTION 'database role % writes as a Backspace %, which may not append % entries', session_user, v_role, NEW.type
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION ${s}.start_checking_writers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE OR REPLACE TRIGGER entries_check_writer BEFORE INSERT ON ${s}.entries FOR EACH ROW EXECUTE FUNCTION ${s}.check_entry_writer();
  RETURN NULL;
END $$;
CREATE TRIGGER writer_roles_mapped AFTER INSERT ON ${s}.writer_roles FOR EACH STATEMENT EXECUTE FUNCTION ${s}.start_checking_writers();`,
  },
  {
    version: 6,
    description: 'the supervisor journals audits, findings and responses; an operator marks a finding a false alarm',
    // The same check as version 5 with the supervisor's entry types added, written out as then. Findings
    // and false alarms are looked up by type (a finding's record, the CLI's list), so they are indexed.
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
    WHEN 'agent' THEN NEW.type IN ('session.started', 'session.ended', 'action.rejected', 'action.blocked', 'action.awaiting-approval', 'action.intent', 'action.committed', 'action.failed', 'action.unknown')
    WHEN 'operator' THEN NEW.type IN ('session.ended', 'action.committed', 'action.failed', 'approval.granted', 'approval.denied', 'kill', 'resume', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed', 'supervisor.false-alarm')
    WHEN 'supervisor' THEN NEW.type IN ('session.ended', 'action.committed', 'action.failed', 'approval.denied', 'kill', 'rollback.started', 'rollback.finished', 'compensation.intent', 'compensation.committed', 'compensation.failed', 'supervisor.audit', 'supervisor.finding', 'supervisor.response')
    ELSE false END) THEN
    RAISE EXCEPTION 'database role % writes as a Backspace %, which may not append % entries', session_user, v_role, NEW.type
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE INDEX entries_supervisor_by_type ON ${s}.entries (type, seq)
  WHERE type IN ('supervisor.finding', 'supervisor.response', 'supervisor.false-alarm');`,
  },
  pruneMigration,
  deferredMigration,
];

/** The newest schema this code knows; a database at a higher version was migrated by newer code. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/** The channel kill and resume entries are announced on; one per journal schema. */
export function controlChannel(schema: string): string {
  return `${schema}_control`;
}
