// The money an action moves, declared from its own input (amount and currency), so a policy rule can
// hold it without the agent having to pass `valueAtRisk`. The kit has no hook for an action to declare
// it (ActionDefinition has no `valueAtRisk`), so this package exports a rule that reads it from the
// input: `stripeApprovalAboveAmount(500)` holds a refund or capture above $500 for a person.
import { allow, type PolicyDecision, type PolicyRule } from '@backspace/core';
import { formatAmount } from './describe.js';

export interface MoneyMoved {
  /** In the currency's smallest unit, as Stripe takes it. */
  amount: number;
  currency: string;
}

/** The actions that move money, and where their input says how much. */
const MONEY_IN_INPUT: Record<string, (input: Record<string, unknown>) => MoneyMoved | undefined> = {
  'stripe.refund.create': (input) => money(input['amount'], input['currency']),
  'stripe.payment_intent.capture': (input) => money(input['amount_to_capture'], input['currency']),
  // A charge added to the customer's next invoice (a credit, negative, moves none of theirs).
  'stripe.invoiceitem.create': (input) => (typeof input['amount'] === 'number' && input['amount'] > 0 ? money(input['amount'], input['currency']) : undefined),
};

function money(amount: unknown, currency: unknown): MoneyMoved | undefined {
  return typeof amount === 'number' && typeof currency === 'string' ? { amount, currency } : undefined;
}

/** The money a call of `action` with `input` moves, or undefined for an action that moves none. */
export function moneyMoved(action: string, input: unknown): MoneyMoved | undefined {
  return typeof input === 'object' && input !== null ? MONEY_IN_INPUT[action]?.(input as Record<string, unknown>) : undefined;
}

const ZERO_DECIMAL = /^(bif|clp|djf|gnf|jpy|kmf|krw|mga|pyg|rwf|ugx|vnd|vuv|xaf|xof|xpf)$/;

/** The value at risk in major units (dollars, euros), as policy thresholds are written; no conversion between currencies. */
export function valueAtRisk(action: string, input: unknown): number | undefined {
  const moved = moneyMoved(action, input);
  return moved && (ZERO_DECIMAL.test(moved.currency) ? moved.amount : moved.amount / 100);
}

/**
 * Holds for a person's approval any Stripe action whose declared value at risk (the agent's own
 * `valueAtRisk`, or else the amount in its input) exceeds `threshold` major units.
 */
export function stripeApprovalAboveAmount(threshold: number): PolicyRule {
  if (!Number.isFinite(threshold) || threshold < 0) throw new RangeError(`stripeApprovalAboveAmount: threshold must be a number >= 0, got ${threshold}`);
  return {
    name: 'stripe-approval-above-amount',
    evaluate: ({ action, input, valueAtRisk: declared }): PolicyDecision => {
      const moved = moneyMoved(action, input);
      const value = declared ?? valueAtRisk(action, input);
      if (value === undefined || value <= threshold) return allow;
      const shown = moved ? formatAmount(moved.amount, moved.currency) : String(value);
      return { kind: 'require-approval', reason: `${action} moves ${shown}, above the ${threshold} a person must approve` };
    },
  };
}
