// stripe.customer.update: change a customer's name, email, description, phone or metadata keys.
// Inverse: restore the fields the agent changed, three-way (a field someone changed since is theirs).
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineAction } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { customerSnapshot, METADATA } from '../snapshot.js';
import { metadata, stripeId } from './inputs.js';

const input = z
  .object({
    id: stripeId('cus'),
    name: z.string().min(1).max(256).optional(),
    email: z.email().max(512).optional(),
    description: z.string().max(350).optional(),
    phone: z.string().max(20).optional(),
    metadata: metadata.optional(),
  })
  .strict()
  .refine(({ id: _id, ...fields }) => Object.values(fields).some((value) => value !== undefined), { message: 'give at least one field to change' });

type Input = z.infer<typeof input>;

/** The snapshot fields an update writes: the plain ones, and one per metadata key. */
export function changedFields({ id: _id, metadata: keys, ...fields }: Input): string[] {
  return [...Object.keys(fields).filter((field) => fields[field as keyof typeof fields] !== undefined), ...Object.keys(keys ?? {}).map((key) => `${METADATA}${key}`)];
}

const execute = ({ id, ...fields }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }) =>
  client.call(`POST /v1/customers/${id}`, true, (api) => api.customers.update(id, fields, { idempotencyKey }));

export const customerUpdate = defineAction<Input, Stripe.Customer, StripeClient>({
  name: 'stripe.customer.update',
  reversibility: 'reversible',
  description: "Update a customer's fields or metadata; undone by restoring the fields the agent changed (three-way)",
  input,
  sensitive: { result: ['address', 'shipping'] },
  target: ({ id }) => ({ provider: 'stripe', type: 'customer', id }),
  snapshot: async ({ id }, { client }) => customerSnapshot(await client.find(`GET /v1/customers/${id}`, (api) => api.customers.retrieve(id) as Promise<Stripe.Customer>)),
  execute,
  // The same request with the same key replays Stripe's stored answer: the customer as the write left it.
  lookup: execute,
  resource: ({ id }) => ({ provider: 'stripe', type: 'customer', id }),
  post: (_input, updated) => customerSnapshot(updated),
  minimumRequests: 2,
  compensation: ({ input, resource, pre, post }) => {
    const fields = changedFields(input);
    return {
      operation: 'stripe.customer.restore',
      resource,
      input: { id: resource.id },
      strategy: 'restore-fields',
      fields,
      pre,
      post,
      expect: { fields: Object.fromEntries(fields.map((field) => [field, pre?.[field] ?? null])) },
      description: `restore ${fields.join(', ')} of customer ${resource.id}`,
    };
  },
});
