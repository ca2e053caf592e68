// The guard in front of every action: kill switch, then policy rules, then approvals; nothing is sent
// to the provider unless this returns.
import { randomUUID } from 'node:crypto';
import type { ActionDefinition } from '../contract/action.js';
import type { Json } from '../contract/json.js';
import type { JournalEntry, NewEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import type { PolicyDecision, PolicyRule } from '../policy/types.js';
import { deferIrreversible } from '../policy/defer-rules.js';
import type { RuntimeContext } from './context.js';
import { describeKill } from './kill-switch.js';
import { writerOf, writerProblem } from '../journal/writers.js';
import type { RunOptions } from './run-action.js';
import type { SessionState } from './session-state.js';

export interface PolicyArgs {
  definition: ActionDefinition;
  provider: string;
  input: unknown;
  inputJson: Json;
  hash: string;
  base: Omit<NewEntry, 'type' | 'data'>;
  options: RunOptions;
  target: string | null;
  approval: { request: JournalEntry; decision: JournalEntry | null } | null;
}

/**
 * What the intent records of the decision: every rule consulted allowed it, or a human approved it;
 * `defer` holds it in the outbox (rule and reason say why); `released` sends a held one (deferred.ts).
 */
export interface PolicyRecord {
  decision: 'allow' | 'approved' | 'defer' | 'released';
  rules: string[];
  approvalRequestId?: string;
  rule?: string;
  reason?: string;
}

type Objection = { rule: PolicyRule; decision: Exclude<PolicyDecision, { kind: 'allow' | 'defer' }> };
type Deferral = { rule: PolicyRule; decision: Extract<PolicyDecision, { kind: 'defer' }> };

export async function enforcePolicy(context: RuntimeContext, session: SessionState, args: PolicyArgs): Promise<PolicyRecord> {
  const { definition, base } = args;
  const kill = await context.killSwitch.check(session.agentId, session.id);
  if (kill) {
    // One entry per kill and session: an agent that keeps retrying does not grow the journal.
    if (session.noteBlockedByKill(kill.seq)) {
      await context.append({ ...base, actionId: randomUUID(), type: 'action.blocked', data: { rule: 'kill-switch', reason: kill.reason, killSeq: kill.seq } });
    }
    throw new BackspaceError('killed', `${definition.name} refused: ${describeKill(kill)}`, { details: { scope: kill.scope } });
  }

  const approved = approvalState(context, session, args);
  const { consulted, objection, deferral } = await evaluateRules(context, session, args, false);
  const approval = approved ? { approvalRequestId: args.approval!.request.actionId! } : {};
  if (deferral && (!objection || (approved && objection.decision.kind === 'require-approval'))) return { decision: 'defer', rules: consulted, rule: deferral.rule.name, reason: deferral.decision.reason, ...approval };
  if (objection) {
    const { rule, decision } = objection;
    if (decision.kind === 'block') {
      await context.append({ ...base, actionId: randomUUID(), type: 'action.blocked', data: { rule: rule.name, reason: decision.reason, input: args.inputJson } });
      throw new BackspaceError('blocked', `${definition.name} blocked by policy rule ${rule.name}: ${decision.reason}`, { details: { rule: rule.name } });
    }
    if (approved) return { decision: 'approved', rules: consulted, approvalRequestId: args.approval!.request.actionId! };
    const requestId = args.approval && !args.approval.decision ? args.approval.request.actionId! : randomUUID();
    if (!args.approval || args.approval.decision) {
      await context.append({
        ...base,
        actionId: requestId,
        resource: args.target,
        type: 'action.awaiting-approval',
        data: {
          rule: rule.name,
          reason: decision.reason,
          input: args.inputJson,
          inputHash: args.hash,
          reversibility: definition.reversibility,
          reasoning: args.options.reasoning ?? null,
          confidence: args.options.confidence ?? null,
          valueAtRisk: args.options.valueAtRisk ?? null,
        },
      });
    }
    throw new BackspaceError('approval_required', `${definition.name} needs approval (${rule.name}: ${decision.reason}); approval request ${requestId}`, {
      details: { requestId, rule: rule.name },
    });
  }
  return { decision: 'allow', rules: consulted };
}

export type RuleArgs = Pick<PolicyArgs, 'definition' | 'provider' | 'input' | 'options'>;

/**
 * The rules in order, up to the first that does not allow the call. `dryRun` (checkPolicy) tells the
 * rules that keep history (a rate cap) not to count the call.
 */
export async function evaluateRules(context: RuntimeContext, session: SessionState, args: RuleArgs, dryRun: boolean): Promise<{ consulted: string[]; objection?: Objection; deferral?: Deferral }> {
  const consulted: string[] = [];
  // A session started with `defer: 'irreversible'` asks its own rule first. A deferral does not end the
  // round: a later rule that blocks still blocks, and one that asks for approval still asks first (the
  // call is held once approved), except the default approval of irreversible actions, which the
  // deferral stands in for (it holds the same action for a person already).
  let deferral: Deferral | undefined;
  const rules = session.deferIrreversible ? [deferIrreversible(), ...context.policy] : context.policy;
  for (const rule of rules) {
    consulted.push(rule.name);
    const decision: PolicyDecision = await rule.evaluate({
      action: args.definition.name,
      provider: args.provider,
      reversibility: args.definition.reversibility,
      input: args.input,
      valueAtRisk: args.options.valueAtRisk,
      confidence: args.options.confidence,
      session,
      now: context.clock.now(),
      dryRun,
    });
    if (decision.kind === 'allow') continue;
    if (decision.kind === 'defer') {
      deferral ??= { rule, decision };
      continue;
    }
    if (deferral && decision.kind === 'require-approval' && rule.name === 'approval-for-irreversible') continue;
    return { consulted, objection: { rule, decision }, ...(deferral ? { deferral } : {}) };
  }
  return { consulted, ...(deferral ? { deferral } : {}) };
}

/**
 * True when a person approved this very call: the request was this agent's, in this session, for this
 * input and value at risk; the decision is unexpired and (with a keyring) signed by an operator other
 * than the writer that asked. Throws when they denied it or the approval expired.
 */
export function approvalState(context: RuntimeContext, session: SessionState, args: Pick<PolicyArgs, 'definition' | 'hash' | 'options' | 'approval'>): boolean {
  const decision = args.approval?.decision;
  if (!decision) return false;
  const request = args.approval!.request;
  const asked = request.data as { inputHash?: string; valueAtRisk?: number | null };
  const boundHere =
    request.agentId === session.agentId &&
    request.sessionId === session.id &&
    asked.inputHash === args.hash &&
    (asked.valueAtRisk ?? null) === (args.options.valueAtRisk ?? null);
  if (!boundHere) return false;
  if (context.keyring) {
    if (writerProblem(decision, context.keyring) || writerProblem(request, context.keyring)) return false;
    if (writerOf(decision)!.id === writerOf(request)!.id) return false;
  }
  if (decision.type === 'approval.denied') {
    const data = decision.data as { by?: string; reason?: string };
    throw new BackspaceError('approval_denied', `${args.definition.name} was denied by ${data.by ?? 'a reviewer'}: ${data.reason ?? 'no reason given'}`, {
      details: { requestId: decision.actionId },
    });
  }
  const given = (decision.data as { expiresAt?: string | null }).expiresAt;
  const expiresAt = given ?? new Date(Date.parse(decision.at) + context.approvalTtlMs).toISOString();
  if (Date.parse(expiresAt) < context.clock.now()) {
    throw new BackspaceError('approval_expired', `the approval of request ${decision.actionId} for ${args.definition.name} expired at ${expiresAt}`, {
      details: { requestId: decision.actionId },
    });
  }
  return true;
}
