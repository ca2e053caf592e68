// @backspace/stripe/simulator: the Stripe API simulator, in-process, for tests, the demo and `backspace`
// commands against it; its objects are copies of Stripe's example objects (spec/README.md).
export { createStripeSimulator, type StripeSimulatorOptions, STRIPE_AGENT_TOKEN, STRIPE_HUMAN_TOKEN, STRIPE_API_VERSION, type StripeSimulator } from './stripe-simulator.js';
export type { StripeState } from './records.js';
export { SEEDED_PRICES } from './billing.js';
export { personOn, personKey } from './person.js';
export { applyCustomerCoupon } from './dashboard.js';
