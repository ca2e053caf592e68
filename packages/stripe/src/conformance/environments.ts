// The environments the Stripe conformance cases run in, stood up from the descriptor by testkit's
// `connectorEnvironments`: the simulator (with its back doors), and the public API only (live with a
// user's test-mode keys, or the simulator standing in for api.stripe.com, or a recording of either served
// by nock). In every one a person acts through their own official SDK client with their own key, and the
// cases read state through that client or the simulator's records. Stripe's own part: the two plans the
// subscription cases move between.
import { connectorEnvironments, type ConnectorEnvironment } from '@backspace/testkit';
import type Stripe from 'stripe';
import { connector } from '../connector.js';
import { createStripeSimulator, SEEDED_PRICES } from '../simulator/index.js';
import { key, personAt } from '../test-support/person.js';
import { viewThrough } from './api-view.js';

/** The two monthly plans the subscription cases move between. */
export interface Plans {
  basic: string;
  pro: string;
}

interface StripeFields {
  /** The account's Basic and Pro plans: the simulator's seeded ones, else found or made through the person's client when first asked for. */
  plans(): Promise<Plans>;
}

/** The agent's adapter, a person at the same account (a second key) with their own Stripe SDK client, and Stripe's fields. */
export type StripeConformanceEnvironment = ConnectorEnvironment<Stripe, StripeFields>;

/** Lookup keys of the conformance plans: a live account keeps them between runs, so each run finds them again. */
const PLAN_LOOKUP_KEYS = { basic: 'backspace_conformance_basic', pro: 'backspace_conformance_pro' } as const;
const PLAN_AMOUNTS = { basic: 2000, pro: 5000 } as const;

async function findOrMakePlans(person: Stripe): Promise<Plans> {
  const found = await person.prices.list({ lookup_keys: Object.values(PLAN_LOOKUP_KEYS), active: true });
  const plan = async (name: keyof Plans) =>
    found.data.find((price) => price.lookup_key === PLAN_LOOKUP_KEYS[name])?.id ??
    (await person.prices.create(
      { currency: 'usd', unit_amount: PLAN_AMOUNTS[name], recurring: { interval: 'month' }, product_data: { name: `Backspace conformance ${name}` }, lookup_key: PLAN_LOOKUP_KEYS[name], nickname: name },
      { idempotencyKey: key() },
    )).id;
  return { basic: await plan('basic'), pro: await plan('pro') };
}

export const {
  simulator: simulatorEnvironment,
  simulatorAsApi,
  replayEnvironment,
  live: liveEnvironment,
} = connectorEnvironments({
  // The suite's runtime waits on a clock 100 times faster than the simulator's one-second test-mode
  // window, so it would retry a 429 before the window frees: the window is off here (the suite injects
  // its own 429s; client-errors.test.ts covers the limit itself).
  connector: { ...connector, startSimulator: () => createStripeSimulator({ rateLimit: false }) },
  baseUrl: 'https://api.stripe.com',
  person: personAt,
  inspect: viewThrough,
  extra: ({ person, simulator }): StripeFields => {
    let plans: Promise<Plans> | undefined;
    return { plans: () => (plans ??= simulator ? Promise.resolve(SEEDED_PRICES) : findOrMakePlans(person)) };
  },
});
