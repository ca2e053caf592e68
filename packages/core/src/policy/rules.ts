// Built-in policy rules, each a small named factory.
import { allow, type PolicyDecision, type PolicyRule } from './types.js';
import { BackspaceError } from '../errors.js';

function requireNumber(rule: string, name: string, value: unknown, { min = -Infinity, max = Infinity } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new BackspaceError('invalid_config', `${rule}: ${name} must be a number${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireActionList(rule: string, actions: unknown): string[] {
  if (!Array.isArray(actions) || actions.some((action) => typeof action !== 'string' || action.length === 0)) {
    throw new BackspaceError('invalid_config', `${rule}: actions must be a list of action names or patterns like "github.*", got ${JSON.stringify(actions)}`);
  }
  return actions as string[];
}

/** `github.*` matches every GitHub action; `*.delete` every delete; exact names match themselves. */
function matches(pattern: string, action: string): boolean {
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return expression.test(action);
}

/** Irreversible actions wait for a human. On by default. */
export function requireApprovalForIrreversible(): PolicyRule {
  return {
    name: 'approval-for-irreversible',
    evaluate: ({ reversibility, action }): PolicyDecision =>
      reversibility === 'irreversible' ? { kind: 'require-approval', reason: `${action} cannot be undone` } : allow,
  };
}

/** Actions whose declared value at risk exceeds `threshold` wait for a human. */
export function requireApprovalAboveValue(threshold: number): PolicyRule {
  const limit = requireNumber('approval-above-value', 'threshold', threshold, { min: 0 });
  return {
    name: 'approval-above-value',
    evaluate: ({ valueAtRisk }): PolicyDecision =>
      valueAtRisk !== undefined && valueAtRisk > limit ? { kind: 'require-approval', reason: `value at risk ${valueAtRisk} exceeds ${limit}` } : allow,
  };
}

/** Low confidence with a high reversal cost goes to a human (e.g. confidence < 0.85 and cost > 1000). */
export function requireHumanForLowConfidence(options: { minConfidence: number; maxReversalCost: number }): PolicyRule {
  const minConfidence = requireNumber('human-for-low-confidence', 'minConfidence', options?.minConfidence, { min: 0, max: 1 });
  const maxCost = requireNumber('human-for-low-confidence', 'maxReversalCost', options?.maxReversalCost, { min: 0 });
  return {
    name: 'human-for-low-confidence',
    evaluate: ({ confidence, valueAtRisk, reversibility }): PolicyDecision => {
      // An action that cannot be undone costs everything at risk to reverse; a reversible one, nothing.
      const reversalCost = reversibility === 'reversible' ? 0 : (valueAtRisk ?? 0);
      if (confidence !== undefined && confidence < minConfidence && reversalCost > maxCost) {
        return { kind: 'require-approval', reason: `confidence ${confidence} below ${minConfidence} with reversal cost ${reversalCost} above ${maxCost}` };
      }
      return allow;
    },
  };
}

/** Stops a session once it has touched more than `maxResources` resources (in all, or per provider). */
export function blastRadiusCap(options: { maxResources?: number; perProvider?: Record<string, number> }): PolicyRule {
  const total = options?.maxResources === undefined ? Infinity : requireNumber('blast-radius-cap', 'maxResources', options.maxResources, { min: 0 });
  const perProvider = Object.fromEntries(
    Object.entries(options?.perProvider ?? {}).map(([provider, cap]) => [provider, requireNumber('blast-radius-cap', `perProvider.${provider}`, cap, { min: 0 })]),
  );
  return {
    name: 'blast-radius-cap',
    evaluate: ({ session, provider }): PolicyDecision => {
      if (session.resources.size >= total) return { kind: 'block', reason: `session touched ${session.resources.size} resources; the cap is ${total}` };
      const cap = perProvider[provider];
      const used = session.resourcesByProvider[provider] ?? 0;
      if (cap !== undefined && used >= cap) return { kind: 'block', reason: `session touched ${used} ${provider} resources; the cap is ${cap}` };
      return allow;
    },
  };
}

/** At most `maxActions` actions per agent in any sliding window of `windowMs` (this process's count). */
export function agentRateCap(options: { maxActions: number; windowMs: number }): PolicyRule {
  const max = requireNumber('agent-rate-cap', 'maxActions', options?.maxActions, { min: 1 });
  const windowMs = requireNumber('agent-rate-cap', 'windowMs', options?.windowMs, { min: 1 });
  const history = new Map<string, number[]>();
  return {
    name: 'agent-rate-cap',
    evaluate: ({ session, now, dryRun }): PolicyDecision => {
      const recent = (history.get(session.agentId) ?? []).filter((at) => now - at < windowMs);
      if (recent.length >= max) {
        history.set(session.agentId, recent);
        return { kind: 'block', reason: `agent ${session.agentId} ran ${recent.length} actions in the last ${windowMs} ms; the cap is ${max}` };
      }
      if (dryRun) return allow;
      recent.push(now);
      history.set(session.agentId, recent);
      return allow;
    },
  };
}

/** Only the listed actions may run. */
export function allowActions(actions: string[]): PolicyRule {
  const patterns = requireActionList('allow-list', actions);
  return {
    name: 'allow-list',
    evaluate: ({ action }): PolicyDecision =>
      patterns.some((pattern) => matches(pattern, action)) ? allow : { kind: 'block', reason: `${action} is not on the allow list` },
  };
}

/** The listed actions never run. */
export function denyActions(actions: string[]): PolicyRule {
  const patterns = requireActionList('deny-list', actions);
  return {
    name: 'deny-list',
    evaluate: ({ action }): PolicyDecision =>
      patterns.some((pattern) => matches(pattern, action)) ? { kind: 'block', reason: `${action} is on the deny list` } : allow,
  };
}

export function defaultPolicy(): PolicyRule[] {
  return [requireApprovalForIrreversible()];
}

/** Checks a user-supplied rule list before the runtime accepts it. */
export function validatePolicy(rules: unknown): PolicyRule[] {
  if (!Array.isArray(rules)) throw new BackspaceError('invalid_config', `policy must be a list of rules, got ${typeof rules}`);
  rules.forEach((rule, index) => {
    if (!rule || typeof rule !== 'object' || typeof rule.name !== 'string' || typeof rule.evaluate !== 'function') {
      throw new BackspaceError('invalid_config', `policy rule ${index} is malformed: a rule is { name: string, evaluate(context) }`);
    }
  });
  return rules as PolicyRule[];
}
