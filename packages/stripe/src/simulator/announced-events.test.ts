// The events Stripe makes for a payment and a saved card (docs.stripe.com/api/events/types): a
// PaymentIntent made and confirmed at once is announced as made (`payment_intent.created`) and then by
// its outcome (`payment_intent.succeeded`, `payment_intent.amount_capturable_updated` when captured by
// hand, `payment_intent.payment_failed` when the card is declined, its `last_payment_error` in the
// event); a card saved on a customer is `payment_method.attached` and one taken off
// `payment_method.detached` (Stripe has no `payment_method.created`). Read back through a person's SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { customerWithCard, key } from '../test-support/person.js';

describe('the events of a payment and of a saved card', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    ({ simulator, stripe, customer, card } = await customerWithCard());
  });
  afterAll(() => simulator.close());

  /** The types of the events about one object, oldest first. */
  const eventsOf = async (id: string) =>
    (await stripe.events.list({ limit: 100 })).data
      .filter((event) => (event.data.object as { id?: string }).id === id)
      .reverse()
      .map((event) => event.type);

  it('announces a PaymentIntent made and confirmed at once as made, then by its outcome', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: card.id, confirm: true }, k());
    const held = await stripe.paymentIntents.create({ amount: 4500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, k());
    const waiting = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_visa' }, k());
    expect({ paid: await eventsOf(paid.id), held: await eventsOf(held.id), waiting: await eventsOf(waiting.id) }).toEqual({
      paid: ['payment_intent.created', 'payment_intent.succeeded'],
      held: ['payment_intent.created', 'payment_intent.amount_capturable_updated'],
      waiting: ['payment_intent.created'],
    });
  });

  it('announces a card declined as payment_intent.payment_failed with its last_payment_error, made with it or confirmed', async () => {
    const before = new Set((await stripe.paymentIntents.list({ limit: 100 })).data.map((intent) => intent.id));
    expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }, k()))).toMatchObject({ statusCode: 402, code: 'card_declined' });
    const declined = (await stripe.paymentIntents.list({ limit: 100 })).data.find((intent) => !before.has(intent.id))!;
    expect(await eventsOf(declined.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);
    const later = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', customer: customer.id }, k());
    await refusal(stripe.paymentIntents.confirm(later.id, { payment_method: 'pm_card_chargeDeclined' }, k()));
    expect(await eventsOf(later.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);
    const [failed] = (await stripe.events.list({ type: 'payment_intent.payment_failed', limit: 1 })).data;
    const intent = failed!.data.object as Stripe.PaymentIntent;
    expect([intent.id, intent.status, intent.last_payment_error?.code, intent.last_payment_error?.decline_code]).toEqual([later.id, 'requires_payment_method', 'card_declined', 'generic_decline']);
  });

  it('announces a card saved on a customer as payment_method.attached and one taken off as payment_method.detached', async () => {
    const saved = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id }, k());
    await stripe.paymentMethods.detach(saved.id, {}, k());
    // Saved through a SetupIntent, a card is attached to the intent's customer as well.
    const setup = await stripe.setupIntents.confirm((await stripe.setupIntents.create({ customer: customer.id }, k())).id, { payment_method: 'pm_card_visa' }, k());
    expect({ saved: await eventsOf(saved.id), setUp: await eventsOf(setup.payment_method as string), first: await eventsOf(card.id) }).toEqual({
      saved: ['payment_method.attached', 'payment_method.detached'],
      setUp: ['payment_method.attached'],
      first: ['payment_method.attached'],
    });
    const [attached] = (await stripe.events.list({ type: 'payment_method.attached', limit: 1 })).data;
    expect((attached!.data.object as Stripe.PaymentMethod).customer).toBe(customer.id);
    expect((await stripe.events.list({ types: ['payment_method.created', 'payment_method.updated'], limit: 100 })).data).toEqual([]);
  });
});
