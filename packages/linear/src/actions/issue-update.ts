// linear.issue.update: change an issue's fields. Inverse: restore the fields the agent changed (three-way).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { ISSUE_UPDATE } from '../documents.js';
import { answeredIssue, ISSUE_FIELDS, labelField, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { issueFieldsInput, issueRef } from './issue-input.js';

const input = z
  .object({
    id: z.string().min(1).describe('The issue: its identifier as shown in Linear (team key, dash, number, e.g. "ENG-123") or its UUID.'),
    ...Object.fromEntries(ISSUE_FIELDS.map((field) => [field, issueFieldsInput[field].optional()])),
  } as { id: z.ZodString } & { [K in keyof typeof issueFieldsInput]: z.ZodOptional<(typeof issueFieldsInput)[K]> })
  .refine((value) => ISSUE_FIELDS.some((field) => value[field] !== undefined), { message: `give at least one of ${ISSUE_FIELDS.join(', ')}` });
type Input = z.infer<typeof input>;

export interface UpdatedIssue {
  id: string;
  lastSyncId: number;
}

const changed = (patch: Omit<Input, 'id'>) => ISSUE_FIELDS.filter((field) => patch[field] !== undefined);
const labelsIn = (value: unknown) => new Set(Array.isArray(value) ? (value as string[]) : []);
const changedLabels = (before: unknown, after: unknown) => {
  const [was, is] = [labelsIn(before), labelsIn(after)];
  return [...new Set([...was, ...is])].filter((label) => was.has(label) !== is.has(label)).sort().map(labelField);
};
const normalized = (field: string, value: unknown) => (field === 'labelIds' && Array.isArray(value) ? [...new Set(value as string[])].sort() : value);

export const issueUpdate = defineAction<Input, UpdatedIssue, LinearCalls>({
  name: 'linear.issue.update',
  reversibility: 'reversible',
  description: "Update an issue's fields; undone by restoring the fields the agent changed that nobody changed since",
  input,
  target: ({ id }) => issueRef(id),
  minimumRequests: 2,
  snapshot: ({ id }, { client }) => readIssue(client, id),
  // The answer carries the issue as its snapshot reads it: the post-state, with no read back.
  execute: async ({ id, ...patch }, { client }) => {
    const payload = await client.mutate<{ lastSyncId: number; issue: IssueNode }>(ISSUE_UPDATE, { id, input: patch }, 'issueUpdate');
    const post = await answeredIssue(client, payload.issue);
    return withPost({ id: String(post.id), lastSyncId: payload.lastSyncId }, post);
  },
  // Setting fields is idempotent: an update whose answer was lost is found by its values being in place.
  lookup: async ({ id, ...patch }, { client }) => {
    const current = await readIssue(client, id);
    const applied = current && changed(patch).every((field) => JSON.stringify(normalized(field, current[field])) === JSON.stringify(normalized(field, patch[field])));
    return applied ? withPost({ id: String(current.id), lastSyncId: 0 }, current) : undefined;
  },
  resource: (_input, result) => issueRef(result.id),
  post: (_input, result) => postOf(result),
  compensation: ({ input: { id: _named, ...patch }, result, resource, pre, post }) => {
    const id = result?.id ?? resource.id;
    const fields: string[] = changed(patch);
    // The labels that changed, one field each as the label actions name them, so the chain of steps projects.
    if (fields.includes('labelIds')) fields.push(...changedLabels(pre?.labelIds, post?.labelIds));
    return {
      operation: 'linear.issue.restore',
      resource,
      input: { id },
      strategy: 'restore-fields',
      fields,
      pre,
      post,
      expect: { fields: Object.fromEntries(fields.map((field) => [field, pre?.[field] ?? null])) },
      description: `restore ${changed(patch).join(', ')} of ${pre?.identifier ?? id}`,
    };
  },
});
