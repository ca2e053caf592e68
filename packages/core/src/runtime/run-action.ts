// The write-ahead lifecycle of one action: validate, policy, snapshot, intent, keyed write, outcome.
import { randomUUID } from 'node:crypto';
import type { ActionContext, ActionDefinition } from '../contract/action.js';
import type { Adapter } from '../contract/adapter.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry, NewEntry } from '../contract/journal.js';
import { resourceKey, type ResourceRef } from '../contract/resource.js';
import type { Compensation } from '../contract/compensation.js';
import { BackspaceError, InvalidInputError, ProviderError } from '../errors.js';
import { enforcePolicy, type PolicyRecord } from './enforce-policy.js';
import { journaledPre, recordCommit } from './commit.js';
import type { RuntimeContext } from './context.js';
import { inputHash, keyState, providerKey, providerKeyOf, sessionEntries, type KeyState } from './idempotency.js';
import { redactPaths, toJson } from './redact.js';
import { withRetry } from './retry.js';
import { boundedInput, fieldIssues, structuralIssues, validateRunOptions } from './input-guard.js';
import { errorJson } from './errors-json.js';
import { deferAction, heldUnderKey, type ReleaseOrder } from './deferred.js';
import { describeKill, describeScope } from './kill-switch.js';
import { inActionSpan, type ActionSpan } from './tracing.js';
import { adoptable, madeByAnother, signedIfKeyring, writtenByAnotherSince } from './journal-claims.js';
import { preReadAgain, providerRefused, writeWithRetry, type WriteAttempt } from './write-retry.js';

export { errorJson };
import type { SessionState } from './session-state.js';

export interface RunOptions {
  /** The caller's key, e.g. the tool call id; derived from session and step when absent. */
  idempotencyKey?: string;
  /** The agent's reasoning for this call, kept in the journal for the operator. */
  reasoning?: string;
  /** The agent's confidence in this call, 0..1. */
  confidence?: number;
  /** What is at stake if the call is wrong (money, records), for value-threshold rules. */
  valueAtRisk?: number;
}

/**
 * Runs one action for the session. With `release`, an operator's or the supervisor's runtime sends a
 * call the session held (deferred.ts): under the held call's key and provider key, with no policy but
 * the kill switch (releasing it was the decision), and whether or not the session has ended.
 */
export async function runAction(context: RuntimeContext, session: SessionState, name: string, rawInput: unknown, rawOptions: RunOptions = {}, release?: ReleaseOrder): Promise<unknown> {
  const toolCallId = typeof rawOptions?.idempotencyKey === 'string' ? rawOptions.idempotencyKey : undefined;
  return inActionSpan({ action: name, sessionId: session.id, agentId: session.agentId, toolCallId }, (span) => runInSpan(context, session, name, rawInput, rawOptions, span, release));
}

async function runInSpan(context: RuntimeContext, session: SessionState, name: string, rawInput: unknown, rawOptions: RunOptions, span: ActionSpan, release?: ReleaseOrder): Promise<unknown> {
  const { definition, adapter } = context.registry.get(name);
  span.describe(definition.reversibility);
  const given = validateRunOptions(name, rawOptions);
  if (session.ended && !release) throw new BackspaceError('session_ended', `session ${session.id} has ended; start a new session to run ${name}`);
  const endedElsewhere = release ? undefined : await context.sessionEnds.endedElsewhere(session.id);
  if (endedElsewhere) throw new BackspaceError('session_ended', `${name} not sent: session ${session.id} was ${endedElsewhere}, so that it can be rolled back; nothing was changed`);
  const key = given.idempotencyKey ?? session.nextDerivedKey();
  // The key is the session's: the provider sees it scoped to the session, and only this session's entries count.
  const heldKey = (release?.deferral.data as { providerKey?: unknown } | undefined)?.providerKey;
  const sentKey = typeof heldKey === 'string' ? heldKey : providerKey(session.id, key, given.idempotencyKey === undefined);
  const base: Omit<NewEntry, 'type' | 'data'> = {
    sessionId: session.id,
    agentId: session.agentId,
    correlationId: session.correlationId,
    action: name,
    idempotencyKey: key,
  };

  const structural = structuralIssues(rawInput);
  const parsed = structural.length > 0 ? null : definition.input.safeParse(rawInput);
  if (!parsed?.success) {
    const issues = parsed ? fieldIssues(parsed.error) : structural;
    const kept = structural.length > 0 ? { unreadable: structural[0]!.message } : boundedInput(redactPaths(toJson(rawInput), definition.sensitive?.input ?? []));
    await context.append({ ...base, actionId: randomUUID(), type: 'action.rejected', data: { reason: 'invalid_input', issues: issues.slice(0, 20) as unknown as Json, input: kept } });
    throw new InvalidInputError(name, issues);
  }
  const input = parsed.data;
  const options = withDeclaredValueAtRisk(definition, input, given);
  const inputJson = redactPaths(toJson(input), definition.sensitive?.input ?? []);
  const hash = inputHash(name, toJson(input));

  if (context.inFlight.has(sentKey)) throw inFlightError(key, name);
  context.inFlight.add(sentKey);
  try {
    // With a keyring, what the journal says of this key counts only where a trusted writer signed it: a
    // forged outcome never answers the call in place of the provider, nor makes it send a landed write again.
    const keyed = sessionEntries(await context.journal.keyEntries(key), session.id).filter((entry) => signedIfKeyring(context, entry));
    const state = keyState(keyed, hash, name);
    const settled = await settleEarlierAttempt(context, state, { definition, adapter, input, base, key });
    if (settled.done) {
      span.replayed();
      return settled.result;
    }
    // A call the session already held under this key answers where it stands; it is neither held again nor sent.
    const held = release ? null : heldUnderKey(keyed, hash, name, key);
    if (held) return held;

    const actionContext: ActionContext = { client: adapter.client, idempotencyKey: sentKey, clock: context.clock };
    const target = definition.target?.(input);
    const policy = release ? await releasePolicy(context, session, name, release) : await enforcePolicy(context, session, {
      definition,
      provider: adapter.provider,
      input,
      inputJson,
      hash,
      base,
      options,
      target: target ? resourceKey(target) : null,
      approval: state.kind === 'awaiting-approval' ? state : null,
    });
    if (policy.decision === 'defer') {
      return deferAction(context, { name, input, inputJson, hash, sentKey, reversibility: definition.reversibility, target: target ? resourceKey(target) : null, base, options, policy });
    }

    const pre = definition.snapshot ? await withRetry(() => definition.snapshot!(input, actionContext), context.clock, context.retry) : null;
    const actionId = randomUUID();
    span.started(actionId);
    // Journaled under the name the pre-state gives it, where the input may give an alias.
    const resource = target && definition.canonicalTarget ? await withRetry(async () => definition.canonicalTarget!(input, pre, actionContext), context.clock, context.retry) : target;
    const entryBase = { ...base, actionId, resource: resource ? resourceKey(resource) : null };
    const attemptedAt = context.clock.now();
    const staging = resource ? stageCompensation(definition, input, pre, resource, context.clock.now()) : { staged: null };
    await context.append({
      ...entryBase,
      type: 'action.intent',
      data: {
        input: inputJson,
        inputHash: hash,
        providerKey: sentKey,
        pre: toJson(pre),
        staged: toJson(staging.staged),
        ...(staging.stagingError ? { stagingError: staging.stagingError } : {}),
        reversibility: definition.reversibility,
        reasoning: options.reasoning ?? null,
        confidence: options.confidence ?? null,
        valueAtRisk: options.valueAtRisk ?? null,
        instanceId: context.instanceId,
        policy: { ...policy },
        ...(release ? { deferredId: release.deferral.actionId, releasedBy: release.by, release: release.trigger } : {}),
        ...traceOf(span),
      },
    });
    session.actions += 1;
    await refuseIfKilledSinceChecked(context, session, name, entryBase);
    if (!release) await refuseIfEndedSinceChecked(context, session, name, entryBase);

    const attempt: WriteAttempt = { mayHaveLanded: false, actionId, preReadAgain: false };
    const call = context.running.start(session.agentId, session.id);
    const writeContext: ActionContext = { ...actionContext, pre, attemptedAt, signal: call.signal };
    let result: unknown;
    try {
      result = await writeWithRetry(context, definition, input, writeContext, attempt);
    } catch (error) {
      const refused = !attempt.mayHaveLanded && providerRefused(error);
      await context.append({ ...entryBase, type: refused ? 'action.failed' : 'action.unknown', data: { error: errorJson(error), ...(call.signal.aborted ? { killed: true } : {}), ...preReadAgain(attempt, writeContext) } });
      if (call.signal.aborted) {
        throw new BackspaceError('killed', `${name} stopped in flight by the kill switch; it may have reached ${adapter.provider}, and a rollback looks it up by its key`, { cause: error, details: { idempotencyKey: key, mayHaveLanded: true } });
      }
      if (!refused) {
        throw new BackspaceError('outcome_unknown', `${name}: the request may have reached ${adapter.provider} and could not be confirmed by its key; the next call with the same key looks it up before sending again; ${(error as Error).message}`, { cause: error, details: { idempotencyKey: key } });
      }
      throw error;
    } finally {
      call.done();
    }
    const { resourceKey: touched } = await recordCommit(context, { definition, adapter, input, result, pre: writeContext.pre ?? null, base: entryBase, preReadAgain: attempt.preReadAgain });
    session.touched(touched, adapter.provider);
    return result;
  } finally {
    context.inFlight.delete(sentKey);
  }
}

/**
 * What stands in for policy when a held call is released: the release was the decision, so only the
 * kill switch is asked (a paused agent's held calls wait), and nothing is journaled for a refusal.
 */
async function releasePolicy(context: RuntimeContext, session: SessionState, name: string, release: ReleaseOrder): Promise<PolicyRecord> {
  const kill = await context.killSwitch.check(session.agentId, session.id);
  if (kill) throw new BackspaceError('killed', `${name} stays held: kill switch for ${describeScope(kill.scope)} (${kill.reason || 'no reason given'}); resume the agent or roll the session back`, { details: { scope: kill.scope } });
  return { decision: 'released', rules: [], rule: release.trigger, reason: `released by ${release.by}` };
}

interface SettleArgs {
  definition: ActionDefinition;
  adapter: Adapter;
  input: unknown;
  base: Omit<NewEntry, 'type' | 'data'>;
  key: string;
}

/** Replays a committed result, refuses conflicts and concurrent duplicates, reconciles unknown outcomes. */
async function settleEarlierAttempt(context: RuntimeContext, state: KeyState, args: SettleArgs): Promise<{ done: true; result: unknown } | { done: false }> {
  const { definition, adapter, input, key } = args;
  switch (state.kind) {
    case 'conflict':
      throw new BackspaceError('idempotency_conflict', `idempotency key "${key}" was already used for ${state.recordedAction === definition.name ? 'other input' : `${state.recordedAction}`}; use a new key for a new call`, { details: { idempotencyKey: key } });
    case 'committed':
      return { done: true, result: (context.open(state.entry) as { result: Json }).result };
    case 'unresolved': {
      const intentData = context.open(state.intent) as { instanceId?: string; pre?: Json; providerKey?: Json };
      const age = context.clock.now() - Date.parse(state.lastEntry.at);
      const otherProcess = intentData.instanceId !== context.instanceId;
      if (otherProcess && state.lastEntry.type === 'action.intent' && age < context.inFlightTimeoutMs) throw inFlightError(key, definition.name);
      if (!definition.lookup) {
        throw new BackspaceError('outcome_unknown', `${definition.name}: an earlier attempt with key "${key}" may have reached ${adapter.provider}, and this action cannot look it up by key; check the provider before retrying with a new key`, { details: { idempotencyKey: key } });
      }
      const actionContext: ActionContext = { client: adapter.client, idempotencyKey: providerKeyOf(state.intent, intentData), clock: context.clock, pre: journaledPre(context, state.intent, [state.lastEntry]), attemptedAt: Date.parse(state.intent.at), madeByAnother: (resource) => madeByAnother(context, resourceKey(resource), state.intent.actionId!), writtenByAnotherSince: (resource) => writtenByAnotherSince(context, resourceKey(resource), state.intent) };
      const earlier = await withRetry(() => definition.lookup!(input, actionContext), context.clock, context.retry);
      if (earlier !== undefined && !(await adoptable(context, definition, input, earlier, state.intent.actionId!))) throw foundAnothers(definition.name, key, adapter.provider);
      // The write belongs to the session whose intent it was (a crashed one, perhaps), not to this caller's.
      const base = intentBase(state.intent);
      if (earlier === undefined) {
        if (mayStillLand(context, state.lastEntry)) {
          throw new BackspaceError('outcome_unknown', `${definition.name}: the attempt with key "${key}" was left without its answer ${Math.round(age / 1000)} s ago (timed out or stopped) and may still land at ${adapter.provider}; call again with the same key later, nothing is sent twice`, { isRetryable: true, details: { idempotencyKey: key } });
        }
        await context.append({ ...base, type: 'action.failed', data: { reconciled: true, error: { message: 'not found at the provider by its key: the earlier attempt never committed' } } });
        return { done: false };
      }
      await recordCommit(context, { definition, adapter, input, result: earlier, pre: actionContext.pre ?? null, base, reconciled: true });
      return { done: true, result: toJson(earlier) };
    }
    default:
      return { done: false };
  }
}

/**
 * A lookup that found a write the journal records as another action's: this attempt's own may be there
 * too, behind it, so "not found" would be a guess; the outcome stays unknown and nothing is sent again.
 */
function foundAnothers(action: string, key: string, provider: string): BackspaceError {
  return new BackspaceError('outcome_unknown', `${action}: looking up the attempt with key "${key}" found only what another action of the journal wrote; whether this attempt landed too cannot be told; check ${provider} before retrying with a new key`, { details: { idempotencyKey: key } });
}

/** Provider codes of a call left without waiting for its answer: its request may still be at the provider. */
const LEFT_IN_FLIGHT = new Set(['timeout', 'aborted']);

/**
 * A write whose last outcome is `unknown` after a timeout, or after the kill switch stopped the call
 * (`aborted`), recorded less than the in-flight time ago: the request may still be at the provider, so
 * "not found" does not yet mean it never landed.
 */
export function mayStillLand(context: RuntimeContext, outcome: JournalEntry): boolean {
  return leftInFlight(outcome) && context.clock.now() - Date.parse(outcome.at) < context.inFlightTimeoutMs;
}

/** Whether this outcome is `unknown` because the call was left without its answer (timed out, or aborted by the kill switch), whenever that was. */
export function leftInFlight(outcome: JournalEntry): boolean {
  if (outcome.type !== 'action.unknown') return false;
  const data = outcome.data as { error?: { providerCode?: unknown }; killed?: unknown } | null;
  // `killed`: the kill switch aborted the call, whatever code the provider's SDK gave the abort.
  return data?.killed === true || LEFT_IN_FLIGHT.has(String(data?.error?.providerCode));
}

/** Session, agent, action and key of an intent: what its outcome entry repeats. */
export function intentBase(intent: JournalEntry): Omit<NewEntry, 'type' | 'data'> {
  return {
    sessionId: intent.sessionId,
    agentId: intent.agentId,
    correlationId: intent.correlationId,
    action: intent.action,
    idempotencyKey: intent.idempotencyKey,
    actionId: intent.actionId,
    resource: intent.resource,
  };
}

/**
 * The inverse as it can be known before the write: for an action on an existing resource (it has a
 * `target`), from the input and the pre-state; `compensation` is called with `result: undefined` and
 * answers null where its inverse needs the provider's answer. One that throws instead does not fail the
 * write (the inverse is built again from the answer when it commits), but it is not silent either: the
 * intent records why (`stagingError`), the timeline shows it, and the conformance suite fails on it.
 */
function stageCompensation(definition: ActionDefinition, input: unknown, pre: Snapshot | null, target: ResourceRef, now: number): { staged: Compensation | null; stagingError?: string } {
  try {
    return { staged: definition.compensation({ input, result: undefined, pre, post: null, resource: target, now }) };
  } catch (error) {
    return { staged: null, stagingError: `${definition.name} could not stage its inverse before the write: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The value at risk policy sees and the journal keeps: what the action declares from its own input (a
 * refund's amount), so rules apply without the agent passing it; an agent's own figure counts only when
 * it is higher (an agent cannot talk a refund down below its amount).
 */
function withDeclaredValueAtRisk(definition: ActionDefinition, input: unknown, options: RunOptions): RunOptions {
  const declared = definition.valueAtRisk?.(input);
  if (declared === undefined || !Number.isFinite(declared) || declared < 0) return options;
  return { ...options, valueAtRisk: Math.max(declared, options.valueAtRisk ?? 0) };
}

/** The action span's W3C traceparent for the intent, when a tracer records it. */
function traceOf(span: ActionSpan): { traceparent?: string } {
  const traceparent = span.traceparent();
  return traceparent ? { traceparent } : {};
}

function inFlightError(key: string, action: string): BackspaceError {
  return new BackspaceError('in_flight', `${action} with idempotency key "${key}" is already in flight; wait for it to finish`, { isRetryable: true, details: { idempotencyKey: key } });
}

/**
 * The kill switch read again from the journal once the intent is in it, before anything is sent. The
 * journal orders the two: a kill appended before the intent is seen here, and the write is never sent;
 * one appended after it plans a rollback that sees the intent and waits for it. Checked only before the
 * pre-state read, a kill that came during that read (a kill with rollback, planned at once) let the
 * write land after its rollback had reported.
 */
/**
 * The same for an end by another process (an operator ending the session to roll it back): one appended
 * before the intent is seen here and nothing is sent; one after it finds the intent, which its rollback waits for.
 */
async function refuseIfEndedSinceChecked(context: RuntimeContext, session: SessionState, name: string, entryBase: Omit<NewEntry, 'type' | 'data'>): Promise<void> {
  const ended = await context.sessionEnds.endedElsewhere(session.id, true);
  if (!ended) return;
  const message = `${name} not sent: session ${session.id} was ${ended} while it read its pre-state, so that it can be rolled back; nothing was changed`;
  await context.append({ ...entryBase, type: 'action.failed', data: { error: { code: 'session_ended', message } } });
  throw new BackspaceError('session_ended', message);
}

async function refuseIfKilledSinceChecked(context: RuntimeContext, session: SessionState, name: string, entryBase: Omit<NewEntry, 'type' | 'data'>): Promise<void> {
  const kill = await context.killSwitch.check(session.agentId, session.id, true);
  if (!kill) return;
  const message = `${name} not sent: ${describeKill(kill)} came while it read its pre-state`;
  await context.append({ ...entryBase, type: 'action.failed', data: { error: { code: 'killed', message }, killed: true } });
  throw new BackspaceError('killed', message, { details: { scope: kill.scope } });
}
