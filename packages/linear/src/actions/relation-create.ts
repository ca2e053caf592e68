// linear.relation.create: relate two issues (blocks, duplicate, related, similar) with a key-derived id.
// Inverse: issueRelationDelete.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { uuidFromKey } from '../idempotency.js';
import { readRelation } from '../snapshots.js';
import { resourceOf } from './issue-input.js';

const input = z.object({
  issueId: z.string().min(1),
  relatedIssueId: z.string().min(1),
  type: z.enum(['blocks', 'duplicate', 'related', 'similar']),
});
type Input = z.infer<typeof input>;

export const relationCreate = defineAction<Input, { id: string }, LinearCalls>({
  name: 'linear.relation.create',
  reversibility: 'reversible',
  description: 'Relate two issues; undone by deleting the relation',
  input,
  execute: async (fields, { client, idempotencyKey }) => {
    const id = uuidFromKey(idempotencyKey, 'relation');
    // The SDK's IssueRelationType enum and these wire strings are the same values.
    await client.call((sdk) => sdk.createIssueRelation({ ...fields, type: fields.type as never, id }));
    return { id };
  },
  lookup: async (_input, { client, idempotencyKey }) => {
    const relation = await readRelation(client, uuidFromKey(idempotencyKey, 'relation'));
    return relation ? { id: String(relation.id) } : undefined;
  },
  resource: (_input, relation) => resourceOf('relation', relation.id),
  compensation: ({ input: { type }, result, resource, post }) => ({
    operation: 'linear.relation.delete',
    resource,
    input: { id: result.id },
    strategy: 'guarded',
    fields: ['type'],
    pre: null,
    post,
    expect: { absent: true },
    description: `delete the ${type} relation ${result.id}`,
  }),
});
