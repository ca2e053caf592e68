// The environments the Stripe conformance cases run in: the simulator (with its back doors), and the
// public API only (live with a user's test-mode keys, or the simulator standing in for api.stripe.com,
// or a recording of either served by nock). In every one a person acts through their own official SDK
// client with their own key, and the cases read state through that client or the simulator's records.
import { randomBytes } from 'node:crypto';
import type { Json } from '@backspace/core';
import type { ConformanceEnvironment, Replayed } from '@backspace/testkit';
import type Stripe from 'stripe';
import { connector } from '../connector.js';
import { createStripeSimulator, SEEDED_PRICES } from '../simulator/index.js';
import { key, personAt, personOn } from '../test-support/person.js';
import { viewThrough } from './api-view.js';

/** The two monthly plans the subscription cases move between. */
export interface Plans {
  basic: string;
  pro: string;
}

export interface StripeConformanceEnvironment extends ConformanceEnvironment {
  /** A person at the same account (a second key), acting through their own Stripe SDK client. */
  person: Stripe;
  /** The account's Basic and Pro plans, found or made through the person's client when first asked for. */
  plans(): Promise<Plans>;
  /** Unique to this test and kept in its recording, so a replay asks for the same codes. */
  runId: string;
}

export async function simulatorEnvironment(): Promise<StripeConformanceEnvironment> {
  const simulator = await createStripeSimulator();
  return {
    adapter: connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
    simulator: simulator as never,
    person: personOn(simulator),
    plans: async () => SEEDED_PRICES,
    runId: randomBytes(4).toString('hex'),
    inspect: (resource) => simulator.inspectResource(resource),
    close: () => simulator.close(),
  };
}

export interface ApiTarget {
  /** https://api.stripe.com, or the simulator's URL when it stands in for it. */
  baseUrl: string;
  /** The agent's test-mode secret key (sk_test_…). */
  agentToken: string;
  /** Another key of the same account, the person's; the agent's own when none is given. */
  humanToken?: string | undefined;
}

/** What a recording keeps of an API environment so that a replay asks for the same things. */
interface ApiMeta {
  runId: string;
}

/** Lookup keys of the conformance plans: a live account keeps them between runs, so each run finds them again. */
const PLAN_LOOKUP_KEYS = { basic: 'backspace_conformance_basic', pro: 'backspace_conformance_pro' } as const;
const PLAN_AMOUNTS = { basic: 2000, pro: 5000 } as const;

/** The agent and a person on the public API at `target`; `close` also runs `release`. */
export function apiEnvironment(target: ApiTarget, release: () => Promise<void> = async () => undefined, replayed?: Replayed): StripeConformanceEnvironment {
  const meta: ApiMeta = replayed ? (replayed.meta as unknown as ApiMeta) : { runId: randomBytes(4).toString('hex') };
  const baseUrl = replayed?.baseUrl ?? target.baseUrl;
  const humanToken = target.humanToken ?? target.agentToken;
  const person = personAt(baseUrl, humanToken);
  let plans: Promise<Plans> | undefined;
  return {
    adapter: connector.createAdapter({ token: target.agentToken, baseUrl }),
    person,
    plans: () => (plans ??= findOrMakePlans(person)),
    runId: meta.runId,
    inspect: (resource) => viewThrough(person, resource),
    recording: { baseUrl, meta: meta as unknown as Json, secrets: [target.agentToken, humanToken] },
    close: release,
  };
}

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

/** The simulator behind its public URL only, as a stand-in for api.stripe.com. */
export async function simulatorAsApi(): Promise<StripeConformanceEnvironment> {
  const simulator = await createStripeSimulator();
  return apiEnvironment({ baseUrl: simulator.url, agentToken: simulator.tokens.agent, humanToken: simulator.tokens.human }, () => simulator.close());
}

/** A recorded run's environment, stood up again offline: the recorded base URL and run id, stand-in keys. */
export async function replayEnvironment(replayed?: Replayed): Promise<StripeConformanceEnvironment> {
  return apiEnvironment({ baseUrl: 'https://api.stripe.com', agentToken: 'sk_test_replayedAgent', humanToken: 'sk_test_replayedPerson' }, undefined, replayed);
}
