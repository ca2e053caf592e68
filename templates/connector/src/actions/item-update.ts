// __name__.item.update: change an item's title, body or status. Inverse: restore the fields the agent
// changed, three-way (a field someone else changed since is theirs and stays).
import { z } from 'zod';
import { define__Name__Action } from './define-action.js';
import { restoreFields } from '@backspace/core/adapter-kit';
import { itemSnapshot } from '../client.js';

const input = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1).max(200).optional(),
    body: z.string().max(10_000).optional(),
    status: z.enum(['open', 'done']).optional(),
  })
  .strict()
  .refine((value) => value.title !== undefined || value.body !== undefined || value.status !== undefined, { message: 'give at least one of title, body, status' });

/** The inverse's input: the item, and (added by the engine at rollback) the earlier values to put back. */
const restoreInput = z
  .object({
    id: z.string().min(1),
    values: z.object({ title: z.string(), body: z.string(), status: z.enum(['open', 'done']) }).partial().strict().optional(),
  })
  .strict();

export const itemUpdate = define__Name__Action({
  name: '__name__.item.update',
  reversibility: 'reversible',
  description: "Update an item's fields; undone by restoring the fields the agent changed (three-way)",
  input,
  target: ({ id }) => ({ provider: '__name__', type: 'item', id }),
  snapshot: async ({ id }, { client }) => itemSnapshot(await client.get(id)),
  execute: ({ id, ...fields }, { client }) => client.update(id, fields),
  // After a lost answer: the write landed when the item holds every value it sent (a PATCH sends no key).
  lookup: async ({ id, ...fields }, { client }) => {
    const item = await client.get(id);
    return item && Object.entries(fields).every(([field, value]) => value === undefined || item[field as keyof typeof fields] === value) ? item : undefined;
  },
  post: (_input, updated) => itemSnapshot(updated),
  minimumRequests: 2,
  compensation: (args) => {
    const { id, ...fields } = args.input;
    const changed = Object.keys(fields);
    return restoreFields(args, { operation: '__name__.item.restore', input: { id }, fields: changed, description: `restore ${changed.join(', ')} of item ${id}` });
  },
  inverses: {
    '__name__.item.restore': {
      input: restoreInput,
      // Its answer is the item as restored: the step is verified without another read.
      run: async ({ id, values = {} }: z.infer<typeof restoreInput>, { client }) => ({ observed: itemSnapshot(await client.update(id, values)) }),
    },
  },
});
