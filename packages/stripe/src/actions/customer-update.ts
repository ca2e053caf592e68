// stripe.customer.update: change a customer's name, email, description, phone or metadata keys.
// Inverse: restore the fields the agent changed, three-way (a field someone changed since is theirs).
import { inverseRequest } from '../last-writers.js';
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { CUSTOMER_FIELDS, customerSnapshot, METADATA, PERSONAL_RESULT, WHOLE_METADATA } from '../snapshot.js';
import { metadata, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

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

/**
 * The snapshot fields an update writes: the plain ones, one per metadata key, and the metadata as a whole
 * where it writes keys (restored with them, so an older guard on the whole, the agent's own
 * customer.create's, sees it back as it was; one someone else changed since is theirs, kept).
 */
export function changedFields({ id: _id, metadata: keys, ...fields }: Input): string[] {
  const metadataKeys = Object.keys(keys ?? {}).map((key) => `${METADATA}${key}`);
  return [...Object.keys(fields).filter((field) => fields[field as keyof typeof fields] !== undefined), ...metadataKeys, ...(metadataKeys.length > 0 ? [WHOLE_METADATA] : [])];
}

/**
 * A customer's restorable fields as its snapshot holds them: a plain field or `metadata.<key>`, string or
 * null, or the metadata as a whole (which its keys' values already put back).
 */
const customerValues = z.record(z.string(), z.union([z.string().max(512).nullable(), z.record(z.string(), z.string().max(500))])).superRefine((values, context) => {
  for (const [field, value] of Object.entries(values)) {
    const known =
      field === WHOLE_METADATA ? typeof value === 'object' && value !== null : typeof value !== 'object' || value === null ? (CUSTOMER_FIELDS as readonly string[]).includes(field) || (field.startsWith(METADATA) && field.length > METADATA.length && field.length <= METADATA.length + 40) : false;
    if (!known) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a customer restore puts back` });
  }
});

/** The inverse's input: the customer, and (added by the engine at rollback) the values to put back. */
const restoreInput = z.object({ id: stripeId('cus'), values: customerValues.optional() }).strict();

/**
 * Snapshot values back into Stripe's update parameters: null unsets a field or a metadata key (''). The
 * metadata as a whole is restored only if its keys are (its value is the pre-state they lead back to).
 */
function customerParams(values: z.infer<typeof customerValues>) {
  const params: Record<string, unknown> & { metadata?: Record<string, string> } = {};
  for (const [field, value] of Object.entries(values)) {
    if (field === WHOLE_METADATA || (typeof value === 'object' && value !== null)) continue;
    if (field.startsWith(METADATA)) params.metadata = { ...params.metadata, [field.slice(METADATA.length)]: value ?? '' };
    else params[field] = value ?? '';
  }
  return params;
}

const execute = ({ id, ...fields }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Customer> =>
  client.call(`POST /v1/customers/${id}`, true, (api) => api.customers.update(id, fields, { idempotencyKey }));

export const customerUpdate = defineStripeAction({
  name: 'stripe.customer.update',
  reversibility: 'reversible',
  description: "Update a customer's fields or metadata; undone by restoring the fields the agent changed (three-way)",
  input,
  // The answer is the whole customer: what a person put on it (their addresses, an individual's name) stays out of the journal.
  sensitive: { result: PERSONAL_RESULT },
  target: ({ id }) => ({ provider: 'stripe', type: 'customer', id }),
  snapshot: async ({ id }, { client }) => customerSnapshot(await client.find(`GET /v1/customers/${id}`, (api) => api.customers.retrieve(id) as Promise<Stripe.Customer>)),
  execute,
  // Resent with its key (for Stripe's stored answer, the customer as the write left it) only once this key's
  // customer.updated event shows it landed: resent blindly, an update that never reached Stripe would be
  // made over a person's edit since, and the undo would then put the pre-state back over theirs.
  lookup: foundByEvent(['customer.updated'], execute),
  post: (_input, updated) => customerSnapshot(updated),
  minimumRequests: 2,
  compensation: (args) => {
    const fields = changedFields(args.input);
    const named = fields.filter((field) => field !== WHOLE_METADATA);
    return restoreFields(args, { operation: 'stripe.customer.restore', input: { id: args.resource.id }, fields, description: `restore ${named.join(', ')} of customer ${args.resource.id}` });
  },
  inverses: {
    'stripe.customer.restore': {
      input: restoreInput,
      // A metadata key removed is absent from the answer: named as null, so the answer alone verifies the step.
      run: async ({ id, values = {} }: z.infer<typeof restoreInput>, { client, idempotencyKey, attempt }) => {
        const { key, params } = await inverseRequest(idempotencyKey, attempt, () => customerParams(values));
        return { observed: { ...Object.fromEntries(Object.keys(values).map((field) => [field, null])), ...customerSnapshot(await client.call(`POST /v1/customers/${id}`, true, (api) => api.customers.update(id, params, { idempotencyKey: key }))) } };
      },
    },
  },
});
