// Turns driver and server failures into `journal_unavailable` errors that say what to fix, password-free.
import { BackspaceError } from '@backspace/core';
import { withoutPassword, type JournalSettings } from './settings.js';

// Node's socket errors that mean the server could not be reached at all; worth retrying later.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

interface DriverError {
  code?: string;
  message?: string;
}

/** Why the journal could not be opened or used, for a person reading a log. */
export function explainFailure(error: unknown, settings: Pick<JournalSettings, 'server' | 'password'>, doing: string): BackspaceError {
  if (BackspaceError.isInstance(error)) return error;
  const { code = '', message = String(error) } = (error ?? {}) as DriverError;
  const where = `PostgreSQL journal ${settings.server}`;
  // The database refused this role the entry (writer_roles) or the table: not a failure to retry.
  if (code === '42501') {
    return new BackspaceError('unauthorized', withoutPassword(`${where}: ${doing} refused: ${message}`, settings.password), { details: { server: settings.server, pgCode: code } });
  }
  let text: string;
  let isRetryable = false;
  if (UNREACHABLE.has(code) || /timeout|terminated unexpectedly|Connection terminated/i.test(message)) {
    text = `${where}: ${doing} failed: cannot reach the server (${code || message}); is it running and reachable from here?`;
    isRetryable = true;
  } else if (code === '28P01' || code === '28000') {
    text = `${where}: ${doing} failed: the server refused these credentials (${code}: ${message}); check the user and password`;
  } else if (code === '3D000') {
    text = `${where}: ${doing} failed: the database does not exist (${message}); create it or fix the connection string`;
  } else if (code === '57P01' || code === '57P02') {
    // Sent instead of an answer when the server ends the session (restart, pg_terminate_backend). Like a
    // dropped connection, worth another try: the pool opens a new connection for it.
    text = `${where}: ${doing} failed: the server ended the connection (${code}: ${message}); try again`;
    isRetryable = true;
  } else if (code === '57P03' || code === '53300') {
    text = `${where}: ${doing} failed: the server is not accepting connections now (${code}: ${message})`;
    isRetryable = true;
  } else {
    text = `${where}: ${doing} failed: ${code ? `${code}: ` : ''}${message}`;
  }
  // The driver's error keeps the fields a caller may inspect (code, detail), never the connection string.
  const cause = code ? { code, message: withoutPassword(message, settings.password) } : undefined;
  return new BackspaceError('journal_unavailable', withoutPassword(text, settings.password), { isRetryable, cause, details: { server: settings.server, ...(code ? { pgCode: code } : {}) } });
}
