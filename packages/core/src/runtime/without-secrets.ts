// Secrets never leave the process inside an error: a provider that echoes a token back (in its
// message, an error code, a body the SDK keeps) has it replaced in everything the error carries.
import { inspect } from 'node:util';
import { BackspaceError, ProviderError } from '../errors.js';
import { scrubSecrets, toJson } from './redact.js';

/**
 * Replaces every secret in the error's message, stack, provider code, request id and details, in
 * place, and drops its cause (the SDK's raw error, holding the provider's answer) when that mentions
 * one. Returns the error, for `throw withoutSecrets(error, secrets)`.
 */
export function withoutSecrets<T>(error: T, secrets: readonly string[]): T {
  // The length floor is core's: shorter strings would scrub ordinary words.
  const live = secrets.filter((secret) => secret.length >= 4);
  if (!(error instanceof Error) || !mentions(error, live)) return error;
  const scrub = (text: string) => scrubSecrets(text, live);
  error.message = scrub(error.message);
  if (error.stack !== undefined) error.stack = scrub(error.stack);
  if (error.cause !== undefined && mentions(error.cause, live)) delete error.cause;
  if (BackspaceError.isInstance(error)) {
    for (const [key, value] of Object.entries(error.details)) {
      if (mentions(value, live)) error.details[key] = scrubSecrets(toJson(value), live);
    }
  }
  if (error instanceof ProviderError) {
    Object.assign(error, {
      providerCode: error.providerCode === undefined ? undefined : scrub(error.providerCode),
      requestId: error.requestId === undefined ? undefined : scrub(error.requestId),
    });
  }
  return error;
}

/** Whether a secret shows anywhere in the value as Node would print it, nested causes and bodies included. */
function mentions(value: unknown, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  const printed = inspect(value, { depth: 12, maxStringLength: Infinity, maxArrayLength: Infinity, breakLength: Infinity });
  return secrets.some((secret) => printed.includes(secret));
}
