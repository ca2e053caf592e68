// stripe.subscription.set_cancel_at_period_end: schedule (or unschedule) a subscription's cancellation
// at the end of its current period. Inverse: set the flag back, three-way; it works until the period
// ends, when Stripe cancels the subscription (the inverse's `reversibleUntil`).
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { subscriptionSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { readSubscription, updateSubscription } from './subscription-read.js';
import { restoreSubscription } from '../subscription-restore.js';
import { foundByEvent } from './replay.js';

const input = z.object({ id: stripeId('sub'), cancel_at_period_end: z.boolean() }).strict();
type Input = z.infer<typeof input>;

const execute = ({ id, cancel_at_period_end }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Subscription> => updateSubscription(client, id, { cancel_at_period_end }, idempotencyKey);

export const subscriptionSetCancelAtPeriodEnd = defineStripeAction({
  name: 'stripe.subscription.set_cancel_at_period_end',
  reversibility: 'reversible',
  description: 'Schedule or unschedule cancellation at the end of the current period; undone by setting it back (three-way)',
  reversibleUntil: 'until the current period ends: Stripe then cancels the subscription',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  snapshot: ({ id }, { client }) => readSubscription(client, id),
  execute,
  // Resent for Stripe's stored answer only once this key's event shows it landed (see customer.update).
  lookup: foundByEvent(['customer.subscription.updated'], execute),
  post: (_input, updated) => subscriptionSnapshot(updated),
  minimumRequests: 2,
  compensation: (args) => {
    const { resource, pre, post } = args;
    const periodEnd = (post ?? pre)?.['current_period_end'];
    return restoreSubscription(
      args,
      {
        fields: ['cancel_at_period_end'],
        ...(typeof periodEnd === 'number' ? { reversibleUntil: new Date(periodEnd * 1000).toISOString() } : {}),
        description: `set cancel_at_period_end of subscription ${resource.id} back to ${String(pre?.['cancel_at_period_end'] ?? false)}`,
      },
      { cancel_at_period_end: false },
    );
  },
});
