// The money an action moves, declared from its own input (amount and currency): each money action
// declares it to core (`ActionDefinition.valueAtRisk`, in major units), so any policy rule on value at
// risk (core's `requireApprovalAboveValue(500)`) holds it without the agent passing a figure, and the
// journal keeps it. `stripeApprovalAboveAmount(500)` does the same with the amount in its reason.
import { allow, type ActionDefinition, type PolicyDecision, type PolicyRule } from '@backspace/core';
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

/** The action declaring its value at risk to core when it moves money; any other action as it is. */
export function declaringValueAtRisk<Action extends ActionDefinition<any, any, any>>(action: Action): Action {
  return MONEY_IN_INPUT[action.name] ? { ...action, valueAtRisk: (input: unknown) => valueAtRisk(action.name, input) } : action;
}
