import { describe, expect, it } from 'vitest';
import type { PolicyContext } from './types.js';
import { agentRateCap, denyActions, requireApprovalAboveValue } from './rules.js';

const context = (overrides: Partial<PolicyContext> = {}): PolicyContext => ({
  action: 'github.issue.create',
  provider: 'github',
  reversibility: 'compensatable',
  input: {},
  valueAtRisk: undefined,
  confidence: undefined,
  session: { id: 's', agentId: 'a', actions: 0, resources: new Set(), resourcesByProvider: {} },
  now: 0,
  ...overrides,
});

describe('built-in rules', () => {
  it('approval above a value threshold asks only above it', () => {
    const rule = requireApprovalAboveValue(1000);
    expect(rule.evaluate(context({ valueAtRisk: 1000 }))).toEqual({ kind: 'allow' });
    expect(rule.evaluate(context({ valueAtRisk: 1001 }))).toMatchObject({ kind: 'require-approval' });
  });

  it('deny lists match patterns', () => {
    const rule = denyActions(['*.delete', 'slack.*']);
    expect(rule.evaluate(context({ action: 'asana.task.delete' }))).toMatchObject({ kind: 'block' });
    expect(rule.evaluate(context({ action: 'slack.message.post' }))).toMatchObject({ kind: 'block' });
    expect(rule.evaluate(context({ action: 'github.issue.create' }))).toEqual({ kind: 'allow' });
  });

  it('the rate cap counts a sliding window per agent', () => {
    const rule = agentRateCap({ maxActions: 2, windowMs: 1000 });
    expect([0, 10, 20].map((now) => rule.evaluate(context({ now })))).toMatchObject([{ kind: 'allow' }, { kind: 'allow' }, { kind: 'block' }]);
    expect(rule.evaluate(context({ now: 1015 }))).toEqual({ kind: 'allow' });
  });
});
