// __name__.item.create: create an item. Inverse: delete it, while it is still as the agent left it.
import { z } from 'zod';
import { define__Name__Action } from './define-action.js';
import { guardedUndo } from '@backspace/core/adapter-kit';
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
  execute: (item, { client, idempotencyKey }) => client.create(item, idempotencyKey),
  lookup: async (_item, { client, idempotencyKey }) => (await client.findByKey(idempotencyKey)) ?? undefined,
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
      // Safe to run again: an item already gone (a retry after a lost answer) is the inverse's effect.
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => client.delete(id),
    },
  },
});
