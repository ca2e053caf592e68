// One tools/call of a Backspace action: its idempotency key, the policy asked first (nothing journaled),
// a person's approval through the client's elicitation where policy wants one, then the run.
import { BackspaceError, blockedError, canonicalJson, earlierUse, holdForApproval, InvalidInputError, toJson, type ActionListing, type Runtime, type Session } from '@backspace/core';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CallToolResult, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { askApproval } from './approval-prompt.js';
import type { DerivedKeys } from './derived-keys.js';
import { errorResult, toolResult } from './results.js';
import { META } from './tools.js';

export interface ActionCall {
  action: ActionListing;
  args: Record<string, unknown>;
  meta: Record<string, unknown> | undefined;
  requestId: RequestId;
}

export interface CallScope {
  runtime: Runtime;
  session: Session;
  server: Server;
  secrets: string[];
  /** Calls waiting for a person, by action and input: a repeat of the same call keeps its key. */
  awaitingApproval: Map<string, string>;
  approver: string | undefined;
  /** Keys derived from request ids and progress tokens in this connection: one per use of an id. */
  derivedKeys: DerivedKeys;
  /**
   * Sends the call's write, unless a rollback of this connection began after the call did (then it
   * throws, nothing sent): a rollback waits for every write it lets through, so none lands after it.
   */
  write<T>(run: () => Promise<T>): Promise<T>;
  /** Aborted when the client cancels the call: a question to a person about it is withdrawn. */
  cancelled?: AbortSignal;
}

type KeySource = 'client' | 'progress-token' | 'awaiting-approval' | 'derived';

interface CallKey {
  key: string;
  source: KeySource;
  /** Called once the call has finished (a derived key's id may then name another call). */
  release: () => void;
}

/**
 * The caller's key where it gives one (`_meta["backspace/idempotencyKey"]`, else its progress token);
 * the key of the same call already waiting for approval; else one derived from session and request.
 */
function idempotencyKey(call: ActionCall, scope: CallScope, fingerprint: string): CallKey {
  const given = call.meta?.[META.idempotencyKey];
  if (typeof given === 'string' && given.length > 0) return { key: given, source: 'client', release: () => undefined };
  const waiting = scope.awaitingApproval.get(fingerprint);
  if (waiting) return { key: waiting, source: 'awaiting-approval', release: () => undefined };
  const token = call.meta?.progressToken;
  if (typeof token === 'string' || typeof token === 'number') return { ...scope.derivedKeys.claim(`${scope.session.id}:progress:${token}`), source: 'progress-token' };
  return { ...scope.derivedKeys.claim(`${scope.session.id}:request:${String(call.requestId)}`), source: 'derived' };
}

/**
 * A key the client sent that is not a non-empty string (a number id, an object, ""). Taken as no key, each
 * re-send of the call would get a key of its own and write again: it is refused, nothing sent.
 */
function malformedKey(call: ActionCall): InvalidInputError | null {
  if (!call.meta || !(META.idempotencyKey in call.meta)) return null;
  const given = call.meta[META.idempotencyKey];
  if (typeof given === 'string' && given.length > 0) return null;
  const shown = typeof given === 'string' ? 'an empty string' : `${JSON.stringify(given) ?? String(given)} (${given === null ? 'null' : typeof given})`;
  return new InvalidInputError(call.action.name, [{ path: `_meta["${META.idempotencyKey}"]`, message: `the idempotency key must be a non-empty string (the tool call id), got ${shown}; nothing was sent` }]);
}

const KEY_NOTE: Record<KeySource, string> = {
  client: 'the key the client gave in _meta',
  'progress-token': "derived from this session and the request's progress token (the token used again once this call finished is another call)",
  'awaiting-approval': 'the key of the same call that waited for approval',
  derived: `derived from this session and the request id (the id used again once this call finished, as by a client resuming the session, is another call); send _meta["${META.idempotencyKey}"] (the tool call id) so a retried call is never written twice`,
};

export async function callAction(call: ActionCall, scope: CallScope): Promise<CallToolResult> {
  const fingerprint = `${call.action.name}\n${canonicalJson(toJson(call.args))}`;
  const malformed = malformedKey(call);
  if (malformed) return errorResult(malformed, call.action.name, {}, scope.secrets);
  const { key, source, release } = idempotencyKey(call, scope, fingerprint);
  try {
    return await runCall(call, scope, { key, source, fingerprint });
  } finally {
    release();
  }
}

async function runCall({ action, args, requestId: callRequestId }: ActionCall, scope: CallScope, { key, source, fingerprint }: { key: string; source: KeySource; fingerprint: string }): Promise<CallToolResult> {
  const stated = { action: action.name, idempotencyKey: key, keySource: source, keyNote: KEY_NOTE[source] };
  try {
    if (source === 'client') {
      const earlier = await fromEarlierConnection(action, args, key, stated, scope);
      if (earlier) return earlier;
    }
    const check = await scope.runtime.checkPolicy(scope.session, action.name, args, { idempotencyKey: key });
    if (check.decision === 'block') throw blockedError(check);
    if (check.decision === 'require-approval') {
      const requestId = check.approvalRequestId ?? (await holdForApproval(scope.session, action.name, args, key));
      // Policy let it run meanwhile: it ran once, and the same key gives its recorded result back.
      if (requestId === null) return done(action, await scope.write(() => scope.session.run(action.name, args, { idempotencyKey: key })), false, stated, scope);
      const held = { requestId };
      const answer = await askApproval(scope, { action, args, requestId: held.requestId, reason: check.reason ?? 'policy asks for a person', callRequestId });
      if (answer.kind === 'pending') {
        scope.awaitingApproval.set(fingerprint, key);
        return toolResult(
          'approval-pending',
          `Not done yet: ${action.name} waits for a person to approve it (${check.reason}). ${answer.why} Once it is approved, call this tool again with exactly the same input; it then runs once.`,
          { ...stated, approvalRequestId: held.requestId, reason: check.reason },
          scope.secrets,
        );
      }
      if (answer.kind === 'denied') throw new BackspaceError('approval_denied', `${action.name} was refused by ${answer.by}`);
    }
    const result = await scope.write(() => scope.session.run(action.name, args, { idempotencyKey: key }));
    scope.awaitingApproval.delete(fingerprint);
    return done(action, result, check.decision === 'allow' && check.replay === true, stated, scope);
  } catch (error) {
    if (!BackspaceError.isInstance(error) || error.code !== 'approval_required') scope.awaitingApproval.delete(fingerprint);
    return errorResult(error, action.name, stated, scope.secrets);
  }
}

/**
 * The same client key already used by this agent in an earlier connection (a call re-sent after
 * reconnecting): answered from the journal, never written a second time.
 */
async function fromEarlierConnection(action: ActionListing, args: Record<string, unknown>, key: string, stated: Record<string, unknown>, scope: CallScope): Promise<CallToolResult | null> {
  const earlier = await earlierUse(scope.runtime, scope.session, action.name, key, args);
  if (earlier.kind === 'none') return null;
  const where = { ...stated, earlierSessionId: earlier.sessionId };
  if (earlier.kind === 'committed') {
    return toolResult('done', `Done: ${action.name} (already done under this key in an earlier connection, session ${earlier.sessionId}: the recorded result, nothing sent again; a rollback of this connection does not undo it: \`backspace rollback ${earlier.sessionId}\` does). ${action.inverse}`, { ...where, result: earlier.result, reversibility: action.reversibility, replayed: true }, scope.secrets);
  }
  if (earlier.kind === 'other-action' || earlier.kind === 'other-input') {
    const used = earlier.kind === 'other-action' ? earlier.action : `${action.name} with other input`;
    return errorResult(new BackspaceError('idempotency_conflict', `idempotency key "${key}" was already used for ${used} in an earlier connection (session ${earlier.sessionId}); nothing was sent; use a new key for a new call`), action.name, where, scope.secrets);
  }
  return errorResult(
    new BackspaceError('outcome_unknown', `${action.name} with key "${key}" was sent in an earlier connection (session ${earlier.sessionId}) and its outcome is not known yet: it may still land, so it is not sent again; call again with the same key later to get its result`, { isRetryable: true, details: { idempotencyKey: key } }),
    action.name,
    where,
    scope.secrets,
  );
}

function done(action: ActionListing, result: unknown, replayed: boolean, stated: Record<string, unknown>, scope: CallScope): CallToolResult {
  const again = replayed ? ' (already done under this key: the recorded result, nothing sent again)' : '';
  return toolResult('done', `Done: ${action.name}${again}. ${action.inverse}`, { ...stated, result, reversibility: action.reversibility }, scope.secrets);
}
