// The account's records: Stripe objects by id, the idempotent answers Stripe keeps for 24 hours, and
// the writes that took effect (a replayed answer takes none), which tests count.
import type { StripeObject } from './objects.js';

export interface StoredAnswer {
  /** The request the key was first used with: the same key with other parameters is an idempotency_error. */
  fingerprint: string;
  status: number;
  body: unknown;
  storedAt: number;
}

export interface StripeState {
  objects: Map<string, StripeObject>;
  idempotency: Map<string, StoredAnswer>;
  /** `POST /v1/customers` and the like, once per write that changed something (replays excluded). */
  applied: { method: string; path: string; user: string }[];
  /**
   * Objects a write changed besides the one it answers (the customer whose balance a balance transaction
   * moved, whose default source a new card became), each with its JSON before: each makes its own event.
   */
  touched: { object: StripeObject; before: string; type?: string }[];
  /**
   * Events a write makes of its own besides the one for what it changed, in order, each with the object as
   * it was then: a PaymentIntent confirmed is announced by its outcome (`payment_intent.succeeded`).
   */
  announced: { object: StripeObject; type: string }[];
  /**
   * Saved payment methods that may not be used again: detached from their customer, or left without one
   * when it was deleted (Stripe refuses them for any payment, setup or attachment).
   */
  spent: Set<string>;
}

export function createState(): StripeState {
  return { objects: new Map(), idempotency: new Map(), applied: [], touched: [], announced: [], spent: new Set() };
}

/**
 * The records as a write finds them, and a way to put them back when Stripe refuses it: Stripe checks a
 * whole request before it changes anything, but the handlers change objects in place as they read the
 * parameters, so a parameter refused late would leave the fields before it set (and what they touched: a
 * coupon's redemptions, the prorations of a new quantity). Objects are put back in place, as the other
 * records hold them (an item its price), and in the order they were made in, which lists follow. Events
 * are the bulk of the records and no write changes one, so only their places are kept. The payment
 * methods spent are put back too.
 */
export function keepRecords(state: StripeState): () => void {
  const entries = [...state.objects];
  const kept = new Map(entries.filter(([, found]) => found.object !== 'event').map(([id, found]) => [id, JSON.stringify(found)]));
  const spent = [...state.spent];
  return () => {
    state.spent = new Set(spent);
    state.objects.clear();
    for (const [id, found] of entries) {
      const was = kept.get(id);
      if (was !== undefined && was !== JSON.stringify(found)) {
        for (const field of Object.keys(found)) delete found[field];
        Object.assign(found, JSON.parse(was));
      }
      state.objects.set(id, found);
    }
  };
}
