// checkPolicy: what `session.run` would decide about a call before any write (allow, wait for a
// person, or refuse), asked without running it: nothing is journaled and no provider is called, so a
// framework's own approval prompt can be the only prompt.
import { BackspaceError, InvalidInputError } from '../errors.js';
import type { RuntimeContext } from './context.js';
import { approvalState, evaluateRules } from './enforce-policy.js';
import { inputHash, keyState, sessionEntries, type KeyState } from './idempotency.js';
import { fieldIssues, structuralIssues, validateRunOptions } from './input-guard.js';
import { describeKill } from './kill-switch.js';
import { toJson } from './redact.js';
import type { RegisteredAction } from './registry.js';
import type { RunOptions } from './run-action.js';
import type { SessionState } from './session-state.js';

export interface PolicyCheck {
  /** `defer`: `session.run` holds the call in the outbox and returns a `DeferredResult`; nothing is sent yet. */
  decision: 'allow' | 'require-approval' | 'block' | 'defer';
  /** Why it waits or is refused; null for a plain allow. */
  reason: string | null;
  /** Who decided: a policy rule's name, `kill-switch`, `approval`, `idempotency` or `session`; null for a plain allow. */
  rule: string | null;
  /** For `block`: the error code `session.run` throws (`killed`, `blocked`, `approval_denied`, ...). */
  code?: string;
  /**
   * For `require-approval`: the request already waiting for this very call (same key and input), if any.
   * For an `allow` after approval: the request a person approved.
   */
  approvalRequestId?: string;
  /** For `allow`: `session.run` gives back the result recorded under this key and calls no provider. */
  replay?: boolean;
}

/**
 * The decision `session.run(action, input, options)` would reach before its pre-state read: the same
 * checks in the same order (session, input, key, kill switch, approvals, rules), rules asked with
 * `dryRun`. Invalid input throws `invalid_input`, as `run` would, but is not journaled.
 */
export async function checkPolicy(context: RuntimeContext, session: SessionState, action: string, rawInput: unknown, rawOptions: RunOptions = {}): Promise<PolicyCheck> {
  const { definition, adapter } = context.registry.get(action);
  const options = validateRunOptions(action, rawOptions);
  if (session.ended) return block('session', 'session_ended', `session ${session.id} has ended; start a new session to run ${action}`);
  const endedElsewhere = await context.sessionEnds.endedElsewhere(session.id);
  if (endedElsewhere) return block('session', 'session_ended', `${action} not sent: session ${session.id} was ${endedElsewhere}, so that it can be rolled back; nothing was changed`);
  const input = validInput(definition, action, rawInput);
  const hash = inputHash(action, toJson(input));

  const state: KeyState = options.idempotencyKey ? keyState(sessionEntries(await context.journal.keyEntries(options.idempotencyKey), session.id), hash, action) : { kind: 'new' };
  if (state.kind === 'conflict') return block('idempotency', 'idempotency_conflict', `idempotency key "${options.idempotencyKey}" was already used for ${state.recordedAction === action ? 'other input' : state.recordedAction}`);
  if (state.kind === 'committed') return { decision: 'allow', reason: 'already done under this key: the recorded result comes back', rule: 'idempotency', replay: true };

  const kill = await context.killSwitch.check(session.agentId, session.id);
  if (kill) return block('kill-switch', 'killed', describeKill(kill));

  const approval = state.kind === 'awaiting-approval' ? state : null;
  let approved: boolean;
  try {
    approved = approvalState(context, session, { definition, hash, options, approval });
  } catch (error) {
    if (BackspaceError.isInstance(error)) return block('approval', error.code, error.message);
    throw error;
  }
  const { objection, deferral } = await evaluateRules(context, session, { definition, provider: adapter.provider, input, options }, true);
  if (deferral && (!objection || (approved && objection.decision.kind === 'require-approval'))) return { decision: 'defer', reason: deferral.decision.reason, rule: deferral.rule.name };
  if (!objection) return { decision: 'allow', reason: null, rule: null };
  const { rule, decision } = objection;
  if (decision.kind === 'block') return block(rule.name, 'blocked', decision.reason);
  const requestId = approval?.request.actionId ?? undefined;
  if (approved) return { decision: 'allow', reason: `approved: ${decision.reason}`, rule: rule.name, ...(requestId ? { approvalRequestId: requestId } : {}) };
  const waiting = approval && !approval.decision && requestId ? { approvalRequestId: requestId } : {};
  return { decision: 'require-approval', reason: decision.reason, rule: rule.name, ...waiting };
}

/**
 * The hash a call's input is journaled under (its intent's `inputHash`): of the input as the action's
 * validation gives it (defaults filled in, text trimmed), so the same call hashes the same however sent.
 * Invalid input throws `invalid_input`, not journaled.
 */
export function callInputHash(context: RuntimeContext, action: string, rawInput: unknown): string {
  return inputHash(action, toJson(validInput(context.registry.get(action).definition, action, rawInput)));
}

function validInput(definition: RegisteredAction['definition'], action: string, rawInput: unknown): unknown {
  const structural = structuralIssues(rawInput);
  if (structural.length > 0) throw new InvalidInputError(action, structural);
  const parsed = definition.input.safeParse(rawInput);
  if (!parsed.success) throw new InvalidInputError(action, fieldIssues(parsed.error));
  return parsed.data;
}

function block(rule: string, code: string, reason: string): PolicyCheck {
  return { decision: 'block', reason, rule, code };
}
