// Tool results as a model reads them: one line saying what happened and what to do next, the details
// as JSON, and no secret an adapter holds anywhere in them.
import { BackspaceError, scrubSecrets, toJson, type Json } from '@backspace/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export type CallStatus = 'done' | 'approval-pending' | 'denied' | 'blocked' | 'killed' | 'invalid-input' | 'failed';

/** What each refusal tells the model to do next. */
const NEXT: Partial<Record<string, string>> = {
  killed: 'An operator stopped this agent with the kill switch: stop calling tools and tell the user.',
  blocked: 'Policy refuses this call: do not retry it; tell the user.',
  approval_denied: 'A person refused this call: do not retry it.',
  approval_expired: 'The approval expired: call again to ask for a new one.',
  invalid_input: 'Fix the input as the messages say and call again.',
  idempotency_conflict: 'This idempotency key was used for another call: send a new key.',
  session_ended: 'This connection’s session has ended: reconnect to start a new one.',
};

export function toolResult(status: CallStatus, headline: string, details: Record<string, unknown>, secrets: string[]): CallToolResult {
  const structured = scrub({ status, ...details }, secrets) as Record<string, unknown>;
  const text = scrub(headline, secrets) as string;
  return {
    content: [{ type: 'text', text: `${text}\n${JSON.stringify(structured, null, 2)}` }],
    structuredContent: structured,
    ...(status === 'done' || status === 'approval-pending' ? {} : { isError: true }),
  };
}

/** A Backspace error as the model should read it: what happened, and what to do next. */
export function errorResult(error: unknown, action: string, details: Record<string, unknown>, secrets: string[]): CallToolResult {
  const code = BackspaceError.isInstance(error) ? error.code : 'failed';
  const message = error instanceof Error ? error.message : String(error);
  const status: CallStatus = code === 'killed' ? 'killed' : code === 'invalid_input' ? 'invalid-input' : code === 'blocked' ? 'blocked' : code === 'approval_denied' ? 'denied' : 'failed';
  const issues = BackspaceError.isInstance(error) && code === 'invalid_input' ? { issues: (error.details as { issues?: unknown }).issues } : {};
  const next = NEXT[code] ?? (BackspaceError.isInstance(error) && error.isRetryable ? 'This may pass if you call again with the same input.' : undefined);
  const headline = `${status === 'killed' ? 'KILLED' : 'Not done'}: ${action}: ${message}${next ? `\n${next}` : ''}`;
  return toolResult(status, headline, { action, code, ...issues, ...details }, secrets);
}

function scrub(value: unknown, secrets: string[]): Json {
  const json = toJson(value);
  return secrets.length === 0 ? json : scrubSecrets(json, secrets);
}
