// An error as the journal stores it: a typed error's JSON, or the message of anything else.
import type { Json } from '../contract/json.js';
import { BackspaceError } from '../errors.js';
import { toJson } from './redact.js';

export function errorJson(error: unknown): Json {
  if (BackspaceError.isInstance(error)) return toJson(error.toJSON());
  return { message: error instanceof Error ? error.message : String(error) };
}
