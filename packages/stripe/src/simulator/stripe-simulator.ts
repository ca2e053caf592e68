// A stateful Stripe API on loopback that the official `stripe` SDK talks to unchanged: secret keys as
// bearer tokens (each key a person), form-encoded bodies with bracket nesting, Stripe's error envelope,
// idempotent answers kept per key and replayed with `Idempotent-Replayed: true`, `Stripe-Version`
// checked and echoed, and test mode's rate limit (25 requests a second) answered as Stripe answers it.
import type { Clock, Json, ResourceRef } from '@backspace/core';
import { createRouter, startSimulatorServer, toSimulatorHandle, SimulatorHttpError, type SimulatorHandle, type SimulatorRequest, type SimulatorResponse } from '@backspace/simulator-kit';
import Stripe from 'stripe';
import { billingRoutes } from './billing.js';
import { checkoutRoutes } from './checkout.js';
import { couponRoutes } from './coupons.js';
import { customerRoutes, type StripeRoute } from './customers.js';
import { createDesk } from './desk.js';
import { invalid, rateLimited, stripeError } from './errors.js';
import { parseStripeForm } from './form.js';
import { createStripeIds, type StripeObject } from './objects.js';
import { announceEvent, eventRoutes, recordEvent } from './events.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { paymentRoutes } from './payments.js';
import { customerPartsRoutes } from './customer-parts.js';
import { quoteRoutes } from './quotes.js';
import { setupIntentRoutes } from './setup-intents.js';
import { priceRoutes } from './prices.js';
import { createState, keepRecords, type StripeState } from './records.js';
import { viewOf } from './views.js';

export const STRIPE_AGENT_TOKEN = 'sk_test_51SimAgentBackspace0000000000';
export const STRIPE_HUMAN_TOKEN = 'sk_test_51SimDanaBackspace00000000000';
/** The API version the SDK pins, and the only one this simulator serves. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;
/** Stripe keeps an idempotent answer for at least 24 hours. */
const KEPT_MS = 24 * 60 * 60 * 1000;

export type StripeSimulator = SimulatorHandle<Record<string, never>, StripeState>;

export interface StripeSimulatorOptions {
  /** The simulator's time (timestamps, the rate window); default: the system clock. */
  clock?: Clock;
  /** Test mode's 25 requests a second; false turns it off. Default: on. */
  rateLimit?: boolean;
}

export async function createStripeSimulator(options: StripeSimulatorOptions = {}): Promise<StripeSimulator> {
  const state = createState();
  const router = createRouter();
  const ids = createStripeIds();
  let clockNow = () => options.clock?.now() ?? Date.now();
  const desk = createDesk(state, ids, () => clockNow());
  router.notFound((request) => stripeError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.path}).`));

  const add = (method: string, path: string, handler: StripeRoute) =>
    router.add(method, path, (request) => {
      clockNow = () => request.clock.now();
      return answer(request, () => handler(parseStripeForm(method === 'GET' || method === 'DELETE' ? request.searchParams.toString() || request.rawBody : request.rawBody), request.params));
    });

  function answer(request: SimulatorRequest, run: () => SimulatorResponse): SimulatorResponse {
    if (!request.user) return stripeError(401, 'invalid_request_error', 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.');
    const version = request.headers['stripe-version'];
    if (version !== undefined && version !== STRIPE_API_VERSION) return invalid(`Invalid Stripe API version: ${version}`, undefined, 'api_version_invalid');
    const requestId = `req_${ids('x').slice(2, 16)}`;
    const versioned = (response: SimulatorResponse): SimulatorResponse => ({ ...response, headers: { ...response.headers, 'stripe-version': STRIPE_API_VERSION, 'request-id': requestId } });
    // Stripe keys POST requests only: a DELETE is idempotent by itself, a key on it has no effect.
    const key = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
    if (key === undefined) return versioned(run_(request, requestId, run));
    const fingerprint = `${request.user.token}\u0000${request.method} ${request.path}\u0000${request.rawBody}`;
    const stored = state.idempotency.get(key);
    if (stored && request.clock.now() - stored.storedAt < KEPT_MS) {
      if (stored.fingerprint !== fingerprint) {
        return versioned(stripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`));
      }
      return versioned({ status: stored.status, body: stored.body, headers: { 'idempotent-replayed': 'true' } });
    }
    const response = run_(request, requestId, run);
    // Stripe keeps the answer of any request that began executing, as it was then (a copy: the object
    // answered goes on changing); a 429 or a 5xx may be retried afresh.
    if (response.status !== 429 && response.status < 500) state.idempotency.set(key, { fingerprint, status: response.status, body: structuredClone(response.body), storedAt: request.clock.now() });
    return versioned({ ...response, headers: { ...response.headers, 'original-request': `req_${key.slice(0, 12)}` } });
  }

  function run_(request: SimulatorRequest, requestId: string, run: () => SimulatorResponse): SimulatorResponse {
    // The object a write names, as it was: its event says what the write changed (none when nothing).
    const named = request.params['id'] === undefined ? undefined : state.objects.get(request.params['id']);
    const before = named ? JSON.stringify(named) : undefined;
    const restore = request.method === 'GET' ? undefined : keepRecords(state);
    let response: SimulatorResponse;
    state.touched = [];
    state.announced = [];
    try {
      response = run();
    } catch (error) {
      if (!(error instanceof SimulatorHttpError)) throw error;
      response = error.response;
    }
    // A write Stripe refuses leaves the account as it was, save a card declined: Stripe answers that 402
    // after it made the PaymentIntent, which keeps the decline as its `last_payment_error`.
    const declined = (response.body as { error?: { type?: string } }).error?.type === 'card_error';
    if (restore && response.status >= 400 && !declined) restore();
    if (request.method !== 'GET' && response.status < 300) {
      state.applied.push({ method: request.method, path: request.path, user: request.user!.name });
      // A write on a path that names another object (a customer's tax ID, its balance transaction) made its answer.
      // One whose events the write announced itself (a payment made and confirmed at once) makes no other.
      const answered = response.body as StripeObject;
      if (!state.announced.some((event) => event.object.id === answered.id)) recordEvent(desk, request, requestId, answered, named?.id === answered.id ? before : undefined);
      for (const { object, before: was, type } of state.touched) if (object.id !== answered.id) recordEvent(desk, request, requestId, object, was, type);
    }
    // A card declined is announced too (`payment_intent.payment_failed`): the intent it declined stays.
    if (request.method !== 'GET' && (response.status < 300 || declined)) for (const { object, type } of state.announced) announceEvent(desk, request, requestId, object, type);
    state.touched = [];
    state.announced = [];
    return response;
  }

  customerRoutes(add, desk);
  couponRoutes(add, desk);
  paymentRoutes(add, desk);
  paymentMethodRoutes(add, desk);
  billingRoutes(add, desk);
  customerPartsRoutes(add, desk);
  quoteRoutes(add, desk);
  checkoutRoutes(add, desk);
  setupIntentRoutes(add, desk);
  priceRoutes(add, desk);
  eventRoutes(add, desk);

  const server = await startSimulatorServer({
    router,
    users: { [STRIPE_AGENT_TOKEN]: { id: 'acct_agent', name: 'agent' }, [STRIPE_HUMAN_TOKEN]: { id: 'acct_dana', name: 'dana' } },
    ...(options.clock ? { clock: options.clock } : {}),
    // Test mode allows 25 requests a second per account (docs.stripe.com/rate-limits).
    rateLimits: options.rateLimit === false ? [] : [{ family: 'test-mode', limit: 25, windowMs: 1000, per: 'global', respond: () => rateLimited() }],
  });
  const inspectResource = (resource: ResourceRef): Json | null => {
    const found = state.objects.get(resource.id);
    return found && found['deleted'] !== true ? viewOf(found, state) : null;
  };
  return toSimulatorHandle(server, {}, () => state, { tokens: { agent: STRIPE_AGENT_TOKEN, human: STRIPE_HUMAN_TOKEN }, inspectResource });
}
