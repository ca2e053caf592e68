// linear.issue.archive: archive an issue. Inverse: issueUnarchive.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { readIssue } from '../snapshots.js';
import { issueRef } from './issue-input.js';

const input = z.object({ id: z.string().min(1) });
type Input = z.infer<typeof input>;

export const issueArchive = defineAction<Input, { id: string; archived: true }, LinearCalls>({
  name: 'linear.issue.archive',
  reversibility: 'reversible',
  description: 'Archive an issue; undone by unarchiving it',
  input,
  target: ({ id }) => issueRef(id),
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    const payload = await client.call((sdk) => sdk.archiveIssue(id));
    return { id: payload.entityId ?? id, archived: true as const };
  },
  lookup: async ({ id }, { client }) => {
    const current = await readIssue(client, id);
    return current?.archived ? { id: String(current.id), archived: true as const } : undefined;
  },
  resource: (_input, result) => issueRef(result.id),
  compensation: ({ result, resource, pre, post }) => ({
    operation: 'linear.issue.unarchive',
    resource,
    input: { id: result?.id ?? resource.id },
    strategy: 'restore-fields',
    fields: ['archived', 'trashed'],
    pre,
    post,
    expect: { fields: { archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
    description: `unarchive ${pre?.identifier ?? resource.id}`,
  }),
});
