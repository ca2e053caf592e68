// Stripe's part of `backspace demo`: on ACME's account the agent applies a 100% coupon to the
// subscription, schedules it to cancel at period end, and tries to refund $47,000 (irreversible, so the
// policy holds it for a person and no money moves); Dana, the billing lead, notes the renewal call on the
// subscription. After rollback her SDK must see the discount gone, the cancellation unscheduled, no
// refund, and her note kept.
import { BackspaceError, type Session } from '@backspace/core';
import type { DemoPart, DemoVerification } from '@backspace/simulator-kit';
import { createStripeAdapter } from './connector.js';
import { formatAmount } from './describe.js';
import { createStripeSimulator, SEEDED_PRICES } from './simulator/index.js';
import { personKey as key, personOn } from './simulator/person.js';

const REFUND = { amount: 4_700_000, currency: 'usd' };
const NOTE = 'renewal call booked with ACME';

export async function createStripeDemo(): Promise<DemoPart> {
  const simulator = await createStripeSimulator();
  const dana = personOn(simulator);
  const adapter = createStripeAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });
  // ACME's account as Dana set it up: twenty seats of Pro, paid for the year.
  const customer = await dana.customers.create({ name: 'ACME Corp', email: 'billing@acme.test' }, { idempotencyKey: key() });
  const subscription = await dana.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.pro, quantity: 20 }] }, { idempotencyKey: key() });
  const payment = await dana.paymentIntents.create({ amount: 5_000_000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, description: 'ACME annual plan' }, { idempotencyKey: key() });
  const coupon = await dana.coupons.create({ id: 'ACME-FREE', percent_off: 100, duration: 'forever', name: '100% off (ACME goodwill)' }, { idempotencyKey: key() });
  const refund = formatAmount(REFUND.amount, REFUND.currency);
  let refundHeld = false;

  return {
    provider: 'stripe',
    adapter,
    simulator,
    async agent(session: Session) {
      await session.run('stripe.subscription.apply_discount', { id: subscription.id, coupon: coupon.id });
      await session.run('stripe.subscription.set_cancel_at_period_end', { id: subscription.id, cancel_at_period_end: true });
      const lines = [`applied the 100% coupon ${coupon.id} to ACME Corp's subscription (20 Pro seats now free)`, `set ACME Corp's subscription to cancel at the end of its period`];
      try {
        await session.run('stripe.refund.create', { payment_intent: payment.id, ...REFUND, reason: 'requested_by_customer' });
        lines.push(`refunded ${refund} of ACME Corp's annual payment (stripe.refund.create is irreversible: this runtime's policy let it through)`);
      } catch (error) {
        if (!BackspaceError.isInstance(error) || error.code !== 'approval_required') throw error;
        refundHeld = true;
        lines.push(`tried to refund ${refund} of ACME Corp's annual payment; refunds are irreversible, so the policy held it for a human's approval and no money moved`);
      }
      return lines;
    },
    async human() {
      await dana.subscriptions.update(subscription.id, { metadata: { note: NOTE } }, { idempotencyKey: key() });
      return [`Dana noted on ACME Corp's subscription: "${NOTE}"`];
    },
    async verify(): Promise<DemoVerification> {
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      const now = await dana.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
      if (now.discounts.some((discount) => typeof discount !== 'string' && discount.source.coupon === coupon.id)) agentEffectsRemaining.push(`ACME Corp's subscription still has the 100% coupon ${coupon.id}`);
      if (now.cancel_at_period_end) agentEffectsRemaining.push(`ACME Corp's subscription is still set to cancel at period end`);
      if (now.metadata['note'] !== NOTE) humanEditsLost.push(`Dana's note on ACME Corp's subscription is gone`);
      const refunds = await dana.refunds.list({ payment_intent: payment.id });
      if (refundHeld && refunds.data.length > 0) agentEffectsRemaining.push(`${refund} was refunded though the refund was held for approval`);
      return { agentEffectsRemaining, humanEditsLost };
    },
    close: () => simulator.close(),
  };
}
