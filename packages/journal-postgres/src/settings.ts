// The journal's settings checked once at start, and a way to name the server without its password.
import { BackspaceError } from '@backspace/core';

export interface PostgresJournalOptions {
  /** `postgres://user:password@host:5432/database`; the password never appears in errors. */
  connectionString: string;
  /** Schema that holds the journal's tables, created when missing; one schema is one journal. Default `backspace`. */
  schema?: string;
  /** Connections this process keeps for appends and reads (default 10); kill-switch listening uses one more. */
  poolSize?: number;
  /**
   * `true` (default): a schema without a journal gets one, as an agent's first start needs. `false`:
   * only an existing journal opens; an empty or missing schema is a `journal_unavailable` error and
   * nothing is created (operators' tools, so a mistyped schema cannot start a second journal).
   */
  create?: boolean;
  /**
   * Open read-only (never creates): no migration and no migration lock, every connection read-only in
   * the database (`default_transaction_read_only`), appends and rollback locks refused, no kill-switch
   * listener. A journal at an older or newer schema version is refused.
   */
  readOnly?: boolean;
}

export interface JournalSettings {
  connectionString: string;
  schema: string;
  poolSize: number;
  create: boolean;
  readOnly: boolean;
  /** `user@host:port/database`, safe to print. */
  server: string;
  /** The password in the connection string, if any, so messages can be scrubbed of it. */
  password: string | null;
}

export const DEFAULT_SCHEMA = 'backspace';

// Lower case only, so the name means the same quoted or not; short enough that `<schema>_control`
// still fits PostgreSQL's 63-byte identifiers (the notification channel).
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export function readSettings(options: PostgresJournalOptions): JournalSettings {
  const connectionString = options?.connectionString;
  if (typeof connectionString !== 'string' || connectionString.length === 0) {
    throw new BackspaceError('invalid_config', 'createPostgresJournal needs { connectionString }, e.g. postgres://user@host:5432/database');
  }
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new BackspaceError('invalid_config', `schema "${schema}" is not usable: use lower-case letters, digits and _, starting with a letter or _, at most 48 characters`);
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new BackspaceError('invalid_config', `poolSize must be a whole number of at least 1, not ${String(poolSize)}`);
  }
  for (const flag of ['create', 'readOnly'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw new BackspaceError('invalid_config', `${flag} must be true or false, not ${String(options[flag])}`);
  }
  const { server, password } = describeServer(connectionString);
  return { connectionString, schema, poolSize, create: options.create ?? true, readOnly: options.readOnly ?? false, server, password };
}

/** Names the server from a URL or a `key=value` connection string, leaving the password out. */
export function describeServer(connectionString: string): { server: string; password: string | null } {
  try {
    const url = new URL(connectionString);
    const user = decodeURIComponent(url.username) || '(default user)';
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    const password = url.password ? decodeURIComponent(url.password) : null;
    return { server: `${user}@${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`, password };
  } catch {
    const field = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)`).exec(connectionString)?.[1]?.replace(/^'|'$/g, '') ?? null;
    const server = `${field('user') ?? '(default user)'}@${field('host') ?? 'localhost'}:${field('port') ?? '5432'}/${field('dbname') ?? '(default database)'}`;
    return { server, password: field('password') };
  }
}

/** Removes the password from text that may have come from the driver or the server. */
export function withoutPassword(text: string, password: string | null): string {
  if (!password) return text;
  return text.split(password).join('***').split(encodeURIComponent(password)).join('***');
}

/** Double-quotes an identifier already checked by `readSettings`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
