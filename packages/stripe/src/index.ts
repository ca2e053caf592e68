// @backspace/stripe: the Backspace connector for Stripe (customers, coupons, promotion codes, refunds,
// subscriptions, invoice items, invoices, payment intents), on the official `stripe` SDK.
export { connector, createStripeAdapter, STRIPE_TOKEN_VARIABLE, type StripeAdapter, type StripeAdapterSettings } from './connector.js';
export { stripeActions } from './actions/index.js';
export { StripeClient, STRIPE_API_VERSION } from './client.js';
export { formatAmount } from './describe.js';
export { moneyMoved, valueAtRisk, stripeApprovalAboveAmount, type MoneyMoved } from './value-at-risk.js';
