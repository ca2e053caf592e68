// The schema for retention: prune anchors, each chain's head after a prune, and the one way entries are
// deleted: prune_entries, a SECURITY DEFINER function that only an operator's database role may use.
import { chainLockArguments } from './advisory-locks.js';
import { controlChannel, type Migration } from './migrations.js';

export const PRUNE_MIGRATION_VERSION = 7;

export const pruneMigration: Migration = {
  version: PRUNE_MIGRATION_VERSION,
  description: 'retention: prune_entries (operators only) removes entries through an anchor it records; the chains continue from it',
  // Entries stay append-only for everyone, the owner included, except inside prune_entries: the trigger
  // lets a DELETE through only when the function marked the transaction and runs as the owner. A chain
  // whose entries were all removed continues from its head in chain_heads (append_to_chain reads it
  // only when the chain is empty), so verify can follow it from the anchor.
  sql: (s, schema) => `
CREATE TABLE ${s}.prune_anchors (through_seq bigint PRIMARY KEY, anchor text NOT NULL);
CREATE TRIGGER prune_anchors_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}.prune_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_entry_change();
CREATE TABLE ${s}.chain_heads (chain smallint PRIMARY KEY, hash text NOT NULL);

DROP TRIGGER entries_append_only ON ${s}.entries;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR TRUNCATE ON ${s}.entries
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_entry_change();
CREATE FUNCTION ${s}.refuse_entry_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('backspace.pruning', true) = TG_TABLE_SCHEMA
    AND current_user = (SELECT tableowner FROM pg_catalog.pg_tables WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'the Backspace journal is append-only: DELETE on %.entries is refused', TG_TABLE_SCHEMA
    USING ERRCODE = 'insufficient_privilege', HINT = 'only a prune (prune_entries, by an operator) removes entries past retention';
END $$;
CREATE TRIGGER entries_delete_only_pruning BEFORE DELETE ON ${s}.entries
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_entry_delete();

CREATE FUNCTION ${s}.prune_entries(p_through_seq bigint, p_through_hash text, p_removed bigint, p_heads text, p_anchor text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_role text;
  v_hash text;
  v_count bigint;
  v_late text;
BEGIN
  -- Once writers are mapped, only an operator's login role prunes (session_user: SET ROLE cannot change it).
  IF EXISTS (SELECT 1 FROM ${s}.writer_roles) THEN
    SELECT role INTO v_role FROM ${s}.writer_roles WHERE db_role = session_user;
    IF v_role IS DISTINCT FROM 'operator' THEN
      RAISE EXCEPTION 'database role % writes as a Backspace %, which may not prune the journal', session_user, coalesce(v_role, 'nobody')
        USING ERRCODE = 'insufficient_privilege', HINT = 'only an operator prunes';
    END IF;
  END IF;
  -- No append lands while the prune checks and removes: a removed session gains no entry meanwhile.
  LOCK TABLE ${s}.entries IN SHARE ROW EXCLUSIVE MODE;
  SELECT hash INTO v_hash FROM ${s}.entries WHERE seq = p_through_seq;
  SELECT count(*) INTO v_count FROM ${s}.entries WHERE seq <= p_through_seq;
  IF v_hash IS DISTINCT FROM p_through_hash OR v_count <> p_removed THEN
    RAISE EXCEPTION 'nothing pruned: the journal through entry % is not what the prune was planned on', p_through_seq USING ERRCODE = 'serialization_failure';
  END IF;
  SELECT session_id INTO v_late FROM ${s}.entries
    WHERE seq > p_through_seq AND session_id IN (SELECT session_id FROM ${s}.entries WHERE seq <= p_through_seq AND session_id IS NOT NULL) LIMIT 1;
  IF v_late IS NOT NULL THEN
    RAISE EXCEPTION 'nothing pruned: session % gained an entry since the prune was planned', v_late USING ERRCODE = 'serialization_failure';
  END IF;
  PERFORM set_config('backspace.pruning', '${schema.replaceAll("'", "''")}', true);
  DELETE FROM ${s}.entries WHERE seq <= p_through_seq;
  PERFORM set_config('backspace.pruning', '', true);
  INSERT INTO ${s}.chain_heads (chain, hash) SELECT key::smallint, value FROM json_each_text(p_heads::json)
    ON CONFLICT (chain) DO UPDATE SET hash = EXCLUDED.hash;
  INSERT INTO ${s}.prune_anchors (through_seq, anchor) VALUES (p_through_seq, p_anchor);
END $$;
-- As version 4 wrote it, but an empty chain continues from its head after a prune before the chains' anchor.
CREATE OR REPLACE FUNCTION ${s}.append_to_chain(
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
    SELECT hash INTO v_prev_hash FROM ${s}.chain_heads WHERE chain = p_chain;
  END IF;
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
END $$;
REVOKE ALL ON FUNCTION ${s}.prune_entries(bigint, text, bigint, text, text) FROM PUBLIC;
`,
};
