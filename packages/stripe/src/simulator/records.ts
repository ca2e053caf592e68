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
  touched: { object: StripeObject; before: string }[];
}

export function createState(): StripeState {
  return { objects: new Map(), idempotency: new Map(), applied: [], touched: [] };
}
