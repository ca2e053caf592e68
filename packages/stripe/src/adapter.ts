// The Stripe adapter: its actions (each with the inverses it stages), how a resource is read, and the
// one inverse several actions share.
import { BackspaceError, boundToCallSignal, compensationsBoundToCallSignal, type Adapter } from '@backspace/core';
import { customerCreate } from './actions/customer-create.js';
import { declaringValueAtRisk } from './value-at-risk.js';
import { customerUpdate } from './actions/customer-update.js';
import { couponCreate } from './actions/coupon-create.js';
import { promotionCodeCreate } from './actions/promotion-code-create.js';
import { promotionCodeUpdate } from './actions/promotion-code-update.js';
import { refundCreate } from './actions/refund-create.js';
import { paymentIntentCapture } from './actions/payment-intent-capture.js';
import { paymentIntentCancel } from './actions/payment-intent-cancel.js';
import { subscriptionUpdateItems } from './actions/subscription-update-items.js';
import { subscriptionSetCancelAtPeriodEnd } from './actions/subscription-cancel-at-period-end.js';
import { subscriptionCancel } from './actions/subscription-cancel.js';
import { subscriptionApplyDiscount, subscriptionRemoveDiscount } from './actions/subscription-discount.js';
import { invoiceItemCreate } from './actions/invoice-item-create.js';
import { invoiceVoid } from './actions/invoice-void.js';
import { StripeClient } from './client.js';
import { subscriptionCompensations } from './subscription-restore.js';
import { describeResource } from './describe.js';
import { readResource } from './read-resources.js';
import { resourceFromUrl } from './resource-from-url.js';

export const STRIPE_TOKEN_VARIABLE = 'STRIPE_SECRET_KEY';

export interface StripeAdapterSettings {
  /** The agent's secret key (a restricted key is best); default: the STRIPE_SECRET_KEY environment variable. */
  token?: string | undefined;
  /** Default https://api.stripe.com; the simulator's URL (http on loopback) in tests and the demo. */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** One of the Stripe actions, each with its own name, input and result. */
export type StripeAction =
  | typeof customerCreate
  | typeof customerUpdate
  | typeof couponCreate
  | typeof promotionCodeCreate
  | typeof promotionCodeUpdate
  | typeof subscriptionUpdateItems
  | typeof subscriptionSetCancelAtPeriodEnd
  | typeof subscriptionCancel
  | typeof subscriptionApplyDiscount
  | typeof subscriptionRemoveDiscount
  | typeof invoiceItemCreate
  | typeof invoiceVoid
  | typeof refundCreate
  | typeof paymentIntentCapture
  | typeof paymentIntentCancel;

/**
 * Every action, in the order `backspace actions` lists them. Named by `StripeAction`: the declarations
 * cannot spell the SDK's object types from its internal modules.
 */
export const stripeActions: StripeAction[] = [
  customerCreate,
  customerUpdate,
  couponCreate,
  promotionCodeCreate,
  promotionCodeUpdate,
  subscriptionUpdateItems,
  subscriptionSetCancelAtPeriodEnd,
  subscriptionCancel,
  subscriptionApplyDiscount,
  subscriptionRemoveDiscount,
  invoiceItemCreate,
  invoiceVoid,
  refundCreate,
  paymentIntentCapture,
  paymentIntentCancel,
]
  .map(declaringValueAtRisk)
  // Each request of an action, and of the inverses it declares, stopped by its call's signal (the kill switch).
  .map(boundToCallSignal);

/** The Stripe adapter, its actions typed by name (`session.run('stripe.refund.create', …)` checks its input). */
export type StripeAdapter = Adapter<StripeClient, typeof stripeActions>;

export function createStripeAdapter(settings: StripeAdapterSettings = {}): StripeAdapter {
  const token = settings.token ?? process.env[STRIPE_TOKEN_VARIABLE];
  if (!token) throw new BackspaceError('invalid_config', `the Stripe adapter needs a secret key: pass { token } or set ${STRIPE_TOKEN_VARIABLE}`);
  const client = new StripeClient(token, settings.baseUrl, settings.timeoutMs);
  return {
    provider: 'stripe',
    client,
    actions: stripeActions,
    read: (resource) => readResource(client, resource),
    // The one inverse several actions share; every other is declared beside its action.
    compensations: compensationsBoundToCallSignal(subscriptionCompensations),
    secrets: () => [token],
    describe: describeResource,
    resourceFromUrl,
    // Test mode allows 25 requests a second (live mode 100): a rollback paces itself under the lower one.
    rateLimit: { requests: 25, windowMs: 1000 },
  };
}
