// __name__.item.create: create an item. Inverse: delete it, while it is still as the agent left it.
import { z } from 'zod';
import { defineAction } from '@backspace/core/adapter-kit';
import { itemSnapshot, type __Name__Client, type Item } from '../client.js';

const input = z
  .object({
    title: z.string().min(1).max(200),
    body: z.string().max(10_000).default(''),
  })
  .strict();

export const itemCreate = defineAction<z.infer<typeof input>, Item, __Name__Client>({
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
  compensation: ({ resource, post }) => ({
    operation: '__name__.item.delete',
    resource,
    input: { id: resource.id },
    // Undo the whole item only while what the agent left is still there; a person's edit makes it a conflict.
    strategy: 'guarded',
    fields: ['title', 'body', 'status'],
    pre: null,
    post,
    expect: { absent: true },
    description: `delete item ${resource.id}`,
  }),
});
