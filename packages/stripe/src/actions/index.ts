// Every Stripe action, in the order `backspace actions` lists them, each declaring the money it moves.
import { customerCreate } from './customer-create.js';
import { customerUpdate } from './customer-update.js';
import { couponCreate } from './coupon-create.js';
import { promotionCodeCreate } from './promotion-code-create.js';
import { promotionCodeUpdate } from './promotion-code-update.js';
import { refundCreate } from './refund-create.js';
import { paymentIntentCapture } from './payment-intent-capture.js';
import { paymentIntentCancel } from './payment-intent-cancel.js';
import { subscriptionUpdateItems } from './subscription-update-items.js';
import { subscriptionSetCancelAtPeriodEnd } from './subscription-cancel-at-period-end.js';
import { subscriptionCancel } from './subscription-cancel.js';
import { subscriptionApplyDiscount, subscriptionRemoveDiscount } from './subscription-discount.js';
import { invoiceItemCreate } from './invoice-item-create.js';
import { invoiceVoid } from './invoice-void.js';
import { declaringValueAtRisk } from '../value-at-risk.js';

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

/** Named by `StripeAction`: the declarations cannot spell the SDK's object types from its internal modules. */
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
].map(declaringValueAtRisk);
