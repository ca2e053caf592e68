// Rules checked after the fact on committed actions, and the rules-based evaluator built on them.
import { BackspaceError, type Json } from '@backspace/core';
import type { Evaluator, Verdict } from './evaluator.js';
import type { AuditSubject } from './subject.js';

export type AuditRule =
  /** An input field (dotted path) holding one of `values`: a message in a channel that must stay private. */
  | { kind: 'forbid-input'; name: string; action: string; field: string; values: Json[] }
  /** A session that has touched more than `max` distinct resources. */
  | { kind: 'resource-cap'; name: string; max: number; action?: string }
  /** An action whose declared value at risk exceeds `max`. */
  | { kind: 'value-at-risk'; name: string; max: number; action?: string }
  /** The same action with the same `fields` earlier in the session: a duplicate ticket. */
  | { kind: 'duplicate'; name: string; action: string; fields: string[] };

export const RULE_KINDS = ['forbid-input', 'resource-cap', 'value-at-risk', 'duplicate'] as const;

export interface RuleBreach {
  rule: string;
  reason: string;
}

function refuse(message: string, setting: string): never {
  throw new BackspaceError('invalid_config', `supervisor config: ${message}`, { details: { setting } });
}

export function validateAuditRules(rules: unknown, setting: string, required: boolean): AuditRule[] {
  if (!Array.isArray(rules) || (required && rules.length === 0)) refuse(`${setting} must list ${required ? 'at least one rule' : 'rules'}`, setting);
  (rules as AuditRule[]).forEach((rule, index) => {
    const at = `${setting}[${index}]`;
    if (!rule || typeof rule !== 'object' || typeof rule.name !== 'string' || rule.name.length === 0) refuse(`${at} needs a name`, at);
    if (!RULE_KINDS.includes(rule.kind)) refuse(`${at} (${rule.name}): unknown kind ${JSON.stringify(rule.kind)}, one of ${RULE_KINDS.join(', ')}`, at);
    if ('max' in rule && !(typeof rule.max === 'number' && Number.isFinite(rule.max) && rule.max >= 0)) refuse(`${at} (${rule.name}): max must be a number >= 0, got ${JSON.stringify(rule.max)}`, `${at}.max`);
    if ((rule.kind === 'forbid-input' || rule.kind === 'duplicate') && (typeof rule.action !== 'string' || rule.action.length === 0)) refuse(`${at} (${rule.name}) needs an action name or pattern`, `${at}.action`);
    if (rule.kind === 'forbid-input' && (typeof rule.field !== 'string' || !Array.isArray(rule.values) || rule.values.length === 0)) refuse(`${at} (${rule.name}) needs a field and the values it must not hold`, at);
    if (rule.kind === 'duplicate' && (!Array.isArray(rule.fields) || rule.fields.length === 0)) refuse(`${at} (${rule.name}) needs the fields that make two actions the same`, `${at}.fields`);
  });
  return rules as AuditRule[];
}

/** `github.*` matches every GitHub action; exact names match themselves. */
export function actionMatches(pattern: string | undefined, action: string): boolean {
  if (pattern === undefined) return true;
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(action);
}

function field(input: Json, path: string): Json | undefined {
  let value: Json | undefined = input;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, Json>)[part];
  }
  return value;
}

const same = (left: Json | undefined, right: Json | undefined) => JSON.stringify(left) === JSON.stringify(right);

/** The rules an action breaks, in the order given. */
export function breaches(rules: AuditRule[], subject: AuditSubject): RuleBreach[] {
  const found: RuleBreach[] = [];
  for (const rule of rules) {
    if (!actionMatches(rule.action, subject.action)) continue;
    if (rule.kind === 'forbid-input') {
      const value = field(subject.input, rule.field);
      if (rule.values.some((forbidden) => same(forbidden, value))) found.push({ rule: rule.name, reason: `${subject.action} with ${rule.field} ${JSON.stringify(value)}, which ${rule.name} forbids` });
    } else if (rule.kind === 'resource-cap') {
      if (subject.resourcesTouched > rule.max) found.push({ rule: rule.name, reason: `session touched ${subject.resourcesTouched} resources, over the cap of ${rule.max}` });
    } else if (rule.kind === 'value-at-risk') {
      if (subject.valueAtRisk !== null && subject.valueAtRisk > rule.max) found.push({ rule: rule.name, reason: `value at risk ${subject.valueAtRisk} exceeds ${rule.max}` });
    } else {
      const original = subject.earlier.find((earlier) => earlier.action === subject.action && rule.fields.every((path) => field(subject.input, path) !== undefined && same(field(earlier.input, path), field(subject.input, path))));
      if (original) found.push({ rule: rule.name, reason: `${subject.action} repeats action ${original.actionId} of the same session (same ${rule.fields.join(', ')})` });
    }
  }
  return found;
}

/** The rules-based evaluator: fails an action that breaks any rule, with full confidence. */
export function rulesEvaluator(rules: AuditRule[]): Evaluator {
  const checked = validateAuditRules(rules, 'rulesEvaluator', false);
  return async (subject): Promise<Verdict> => {
    const broken = breaches(checked, subject);
    return broken.length === 0
      ? { verdict: 'pass', confidence: 1, reason: `breaks none of ${checked.length} rules` }
      : { verdict: 'fail', confidence: 1, reason: broken.map((breach) => breach.reason).join('; ') };
  };
}
