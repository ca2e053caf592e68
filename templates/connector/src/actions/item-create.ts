// __name__.item.create: create an item. Inverse: delete it, while it is still as the agent left it.
import { z } from 'zod';
import { define__Name__Action } from './define-action.js';
import { guardedUndo, ProviderError } from '@backspace/core/adapter-kit';
import { itemSnapshot } from '../client.js';

const input = z
  .object({
    title: z.string().min(1).max(200),
    body: z.string().max(10_000).default(''),
  })
  .strict();

/** What the inverse names: one item, by its id; a forged or malformed input is refused before it runs. */
const deleteInput = z.object({ id: z.string().min(1) }).strict();

export const itemCreate = define__Name__Action({
  name: '__name__.item.create',
  reversibility: 'compensatable',
  description: 'Create an item; undone by deleting it while nobody else has edited it',
  input,
  // The provider keeps the key (Idempotency-Key): a retry after a lost answer finds the first attempt.
  execute: (item, { client, idempotencyKey, signal }) => client.create(item, idempotencyKey, signal),
  lookup: async (_item, { client, idempotencyKey, signal }) => (await client.findByKey(idempotencyKey, signal)) ?? undefined,
  resource: (_item, created) => ({ provider: '__name__', type: 'item', id: created.id }),
  // The write's own answer is the post-state: no read after it.
  post: (_item, created) => itemSnapshot(created),
  minimumRequests: 1,
  // Undo the whole item only while what the agent left is still there; a person's edit makes it a conflict.
  compensation: (args) =>
    guardedUndo(args, { operation: '__name__.item.delete', input: { id: args.resource.id }, fields: ['title', 'body', 'status'], expect: { absent: true }, description: `delete item ${args.resource.id}` }),
  inverses: {
    '__name__.item.delete': {
      input: deleteInput,
      run: async ({ id }: z.infer<typeof deleteInput>, { client, signal }) => {
        try {
          await client.remove(id, signal);
        } catch (error) {
          // Already gone (a retry after a lost answer): the inverse's effect is there.
          if (!(ProviderError.isInstance(error) && error.status === 404)) throw error;
        }
        return { observed: null };
      },
    },
  },
});
