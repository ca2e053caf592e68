// linear.issue.archive: archive an issue. Inverse: issueUnarchive.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { readIssue } from '../snapshots.js';
import { resourceOf } from './issue-input.js';

const input = z.object({ id: z.string().min(1) });
type Input = z.infer<typeof input>;

export const issueArchive = defineAction<Input, { id: string; archived: true }, LinearCalls>({
  name: 'linear.issue.archive',
  reversibility: 'reversible',
  description: 'Archive an issue; undone by unarchiving it',
  input,
  target: ({ id }) => resourceOf('issue', id),
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    await client.call((sdk) => sdk.archiveIssue(id));
    return { id, archived: true as const };
  },
  lookup: async ({ id }, { client }) => ((await readIssue(client, id))?.archived ? { id, archived: true as const } : undefined),
  resource: ({ id }) => resourceOf('issue', id),
  compensation: ({ input: { id }, resource, pre, post }) => ({
    operation: 'linear.issue.unarchive',
    resource,
    input: { id },
    strategy: 'restore-fields',
    fields: ['archived', 'trashed'],
    pre,
    post,
    expect: { fields: { archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
    description: `unarchive ${pre?.identifier ?? id}`,
  }),
});
