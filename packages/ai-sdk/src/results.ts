// What a tool call gives back to the model: a status, one line saying what happened and what to do next,
// and the details. A refusal is a result, not a thrown error, so the model reads it and the loop goes on.
import { BackspaceError, scrubSecrets, toJson } from '@backspace/core';

export type ToolStatus = 'done' | 'approval-pending' | 'denied' | 'blocked' | 'killed' | 'failed';

export interface BackspaceToolOutput {
  status: ToolStatus;
  action: string;
  toolCallId: string;
  message: string;
  result?: unknown;
  reversibility?: string;
  code?: string;
}

/** What each refusal tells the model to do next. */
const NEXT: Partial<Record<string, string>> = {
  killed: 'An operator stopped this agent with the kill switch: stop calling tools and tell the user.',
  blocked: 'Policy refuses this call: do not retry it; tell the user.',
  approval_denied: 'A person refused this call: do not retry it.',
  approval_expired: 'The approval expired: call again to ask for a new one.',
  idempotency_conflict: 'This tool call id was used for another call: call again as a new tool call.',
  session_ended: 'This session has ended: the app must start a new one.',
};

const STATUS: Partial<Record<string, ToolStatus>> = { killed: 'killed', blocked: 'blocked', approval_denied: 'denied' };

export function errorOutput(action: string, toolCallId: string, error: unknown): BackspaceToolOutput {
  const code = BackspaceError.isInstance(error) ? error.code : 'failed';
  const status = STATUS[code] ?? 'failed';
  const message = error instanceof Error ? error.message : String(error);
  const next = NEXT[code] ?? (BackspaceError.isInstance(error) && error.isRetryable ? 'This may pass if you call again with the same input.' : undefined);
  return { status, action, toolCallId, code, message: `${status === 'killed' ? 'KILLED' : 'Not done'}: ${action}: ${message}${next ? ` ${next}` : ''}` };
}

/** The output with every secret the adapters hold replaced, for a model's eyes. */
export function withoutSecrets(output: BackspaceToolOutput, secrets: string[]): BackspaceToolOutput {
  return secrets.length === 0 ? output : (scrubSecrets(toJson(output), secrets) as unknown as BackspaceToolOutput);
}
