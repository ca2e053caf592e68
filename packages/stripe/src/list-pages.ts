// Every item of a Stripe list, page after page (docs.stripe.com/api/pagination): newest first, 100 a
// page, the next page after the last item's id while Stripe says more follow. A list read only to its
// first page would miss what is older: a person's promotion code behind a hundred of the agent's, and a
// coupon deleted as if nothing else referenced it.
import type { StripeClient } from './client.js';
import type Stripe from 'stripe';

type Paging = { limit: number; starting_after?: string };

export async function* listed<Item extends { id?: string }>(client: StripeClient, operation: string, page: (api: Stripe, paging: Paging) => Promise<{ data: Item[]; has_more: boolean }>): AsyncGenerator<Item> {
  let startingAfter: string | undefined;
  for (;;) {
    const answer = await client.call(operation, false, (api) => page(api, { limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }));
    yield* answer.data;
    const last = answer.data.at(-1)?.id;
    if (!answer.has_more || !last) return;
    startingAfter = last;
  }
}

/** All of a list's items. */
export async function listAll<Item extends { id?: string }>(...args: Parameters<typeof listed<Item>>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of listed(...args)) items.push(item);
  return items;
}
