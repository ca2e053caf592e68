// linear.issue.delete: move an issue to the trash (issueDelete). Inverse: restore it, within Linear's 30 days.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { readIssue } from '../snapshots.js';
import { resourceOf } from './issue-input.js';

const input = z.object({ id: z.string().min(1) });
type Input = z.infer<typeof input>;

/** Linear keeps trashed issues for 30 days before deleting them for good. */
export const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;

export const issueDelete = defineAction<Input, { id: string; trashed: true }, LinearCalls>({
  name: 'linear.issue.delete',
  reversibility: 'reversible',
  description: 'Move an issue to the trash; undone by restoring it within 30 days',
  input,
  target: ({ id }) => resourceOf('issue', id),
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    // Never permanentlyDelete: that would make the action irreversible.
    await client.call((sdk) => sdk.deleteIssue(id));
    return { id, trashed: true as const };
  },
  lookup: async ({ id }, { client }) => ((await readIssue(client, id))?.trashed ? { id, trashed: true as const } : undefined),
  resource: ({ id }) => resourceOf('issue', id),
  compensation: ({ input: { id }, resource, pre, post, now }) => ({
    operation: 'linear.issue.unarchive',
    resource,
    input: { id },
    strategy: 'restore-fields',
    fields: ['archived', 'trashed'],
    pre,
    post,
    expect: { fields: { archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
    reversibleUntil: new Date(now + TRASH_RETENTION_MS).toISOString(),
    description: `restore ${pre?.identifier ?? id} from the trash`,
  }),
});
