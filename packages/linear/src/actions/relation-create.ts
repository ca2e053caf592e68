// linear.relation.create: relate two issues (blocks, duplicate, related, similar) with a key-derived id.
// Inverse: issueRelationDelete.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { uuidFromKey } from '../idempotency.js';
import { RELATION_CREATE } from '../documents.js';
import { deleted } from '../compensations.js';
import { uuid } from '../compensation-inputs.js';
import { postOf, readRelation, relationSnapshot, withPost, type RelationNode } from '../snapshots.js';
import { issueRef, resourceOf } from './issue-input.js';

const input = z.strictObject({
  issueId: z.string().min(1).describe('The first issue: its identifier as shown in Linear (e.g. "ENG-123") or its UUID.'),
  relatedIssueId: z.string().min(1).describe('The second issue: its identifier (e.g. "ENG-124") or its UUID.'),
  type: z
    .enum(['blocks', 'duplicate', 'related', 'similar'])
    .describe('"blocks": the first issue blocks the second; "duplicate": the first duplicates the second; "related": they are related; "similar": they look alike.'),
});
type Input = z.infer<typeof input>;

/** What the inverse names: one relation, by its UUID. */
const deleteInput = z.object({ id: uuid }).strict();

export const relationCreate = defineLinearAction({
  name: 'linear.relation.create',
  reversibility: 'reversible',
  description: 'Relate two issues; undone by deleting the relation',
  input,
  minimumRequests: 1,
  execute: async (fields, { client, idempotencyKey }) => {
    const payload = await client.mutate<{ issueRelation: RelationNode }>(RELATION_CREATE, { input: { ...fields, id: uuidFromKey(idempotencyKey, 'relation') } }, 'issueRelationCreate');
    const post = relationSnapshot(payload.issueRelation);
    return withPost({ id: String(post.id) }, post);
  },
  lookup: async (_input, { client, idempotencyKey }) => {
    const relation = await readRelation(client, uuidFromKey(idempotencyKey, 'relation'));
    return relation ? withPost({ id: String(relation.id) }, relation) : undefined;
  },
  resource: (_input, relation) => resourceOf('relation', relation.id),
  post: (_input, relation) => postOf(relation),
  compensation: (args) => {
    // The relation sits inside both its issues (among their `inside`): a rollback that takes one away (one
    // that selects only the agent's creation of it, say) brings the relation along, deleted first. By the
    // UUIDs Linear answered, as the issues' own actions name them.
    const issues = [args.post?.issueId, args.post?.relatedIssueId].filter((id): id is string => typeof id === 'string');
    return guardedUndo(args, {
      operation: 'linear.relation.delete',
      input: { id: args.result.id },
      fields: ['type'],
      expect: { absent: true },
      ...(issues.length > 0 ? { dependsOn: issues.map(issueRef) } : {}),
      description: `delete the ${args.input.type} relation ${args.result.id}`,
    });
  },
  inverses: {
    'linear.relation.delete': {
      input: deleteInput,
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => deleted(() => client.call((sdk) => sdk.deleteIssueRelation(id))),
    },
  },
});
