// What every framework integration (AI SDK, LangChain, ...) does around a tool call the same way: file a
// held call's approval request with its exact input, and tell the model what a refusal means.
import { BackspaceError } from '../errors.js';
import type { Session } from './create-runtime.js';

/**
 * Files the approval request in the journal with the exact input, through the run that policy holds.
 * Null when policy let it run meanwhile: it ran, once, and a run with the same key replays it.
 */
export async function holdForApproval(session: Session, action: string, input: unknown, idempotencyKey: string): Promise<string | null> {
  try {
    await session.run(action, input, { idempotencyKey });
    return null;
  } catch (error) {
    if (BackspaceError.isInstance(error) && error.code === 'approval_required') return (error.details as { requestId: string }).requestId;
    throw error;
  }
}

export type ToolRefusalStatus = 'killed' | 'blocked' | 'denied' | 'failed';

/** What each refusal tells the model to do next. */
const NEXT: Partial<Record<string, string>> = {
  killed: 'An operator stopped this agent with the kill switch: stop calling tools and tell the user.',
  blocked: 'Policy refuses this call: do not retry it; tell the user.',
  approval_denied: 'A person refused this call: do not retry it.',
  approval_expired: 'The approval expired: call again to ask for a new one.',
  idempotency_conflict: 'This tool call id was used for another call: call again as a new tool call.',
  session_ended: 'This session has ended: the app must start a new one.',
};
const STATUS: Partial<Record<string, ToolRefusalStatus>> = { killed: 'killed', blocked: 'blocked', approval_denied: 'denied' };

/** A refused or failed tool call as a model reads it: `KILLED: ...` / `Not done: ...`, and what to do next. */
export function toolRefusal(action: string, error: unknown): { status: ToolRefusalStatus; code: string; message: string } {
  const code = BackspaceError.isInstance(error) ? error.code : 'failed';
  const status = STATUS[code] ?? 'failed';
  const message = error instanceof Error ? error.message : String(error);
  const next = NEXT[code] ?? (BackspaceError.isInstance(error) && error.isRetryable ? 'This may pass if you call again with the same input.' : undefined);
  return { status, code, message: `${status === 'killed' ? 'KILLED' : 'Not done'}: ${action}: ${message}${next ? ` ${next}` : ''}` };
}

/** The error `session.run` would throw for a policy check that blocks. */
export function blockedError(check: { code?: string; reason: string | null; rule: string | null }): BackspaceError {
  return new BackspaceError((check.code ?? 'blocked') as never, `${check.reason ?? 'refused'}${check.rule ? ` (${check.rule})` : ''}`);
}
