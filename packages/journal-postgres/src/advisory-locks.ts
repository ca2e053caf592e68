// Advisory lock keys, as (class, hashtext(schema)): journals in different schemas never wait on each other.

/** Held while migrating, so processes starting at once on a fresh database migrate it once. */
export const MIGRATION_LOCK = 0x42530001;
/** Held from reading a chain's head to committing the entry after it: each chain's one writer at a time. */
export const CHAIN_LOCK = 0x42530002;

/** SQL arguments for `pg_advisory_xact_lock(class, key)` on one journal schema. */
export function lockArguments(lockClass: number, schema: string): string {
  return `${lockClass}, hashtext('${schema}')`;
}

/** SQL arguments for locking one chain of a journal, `chain` being an SQL expression (a column, a parameter or a number). */
export function chainLockArguments(quotedSchema: string, chain: string): string {
  return `${CHAIN_LOCK}, hashtext('${quotedSchema}/' || ${chain})`;
}

/** Held on its own connection for the whole of one session's rollback: one engine per session at a time. */
export const ROLLBACK_LOCK = 0x42530003;
