// linear.issue.delete: move an issue to the trash (issueDelete). Inverse: restore it, within Linear's 30 days.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { readIssue } from '../snapshots.js';
import { issueRef } from './issue-input.js';

const input = z.object({ id: z.string().min(1) });
type Input = z.infer<typeof input>;

/** Linear keeps trashed issues for 30 days before deleting them for good. */
export const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;

export const issueDelete = defineAction<Input, { id: string; trashed: true }, LinearCalls>({
  name: 'linear.issue.delete',
  reversibility: 'reversible',
  description: 'Move an issue to the trash; undone by restoring it within 30 days',
  input,
  target: ({ id }) => issueRef(id),
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    // Never permanentlyDelete: that would make the action irreversible.
    const payload = await client.call((sdk) => sdk.deleteIssue(id));
    return { id: payload.entityId ?? id, trashed: true as const };
  },
  lookup: async ({ id }, { client }) => {
    const current = await readIssue(client, id);
    return current?.trashed ? { id: String(current.id), trashed: true as const } : undefined;
  },
  resource: (_input, result) => issueRef(result.id),
  compensation: ({ result, resource, pre, post, now }) => ({
    operation: 'linear.issue.unarchive',
    resource,
    input: { id: result?.id ?? resource.id },
    strategy: 'restore-fields',
    fields: ['archived', 'trashed'],
    pre,
    post,
    expect: { fields: { archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
    reversibleUntil: new Date(now + TRASH_RETENTION_MS).toISOString(),
    description: `restore ${pre?.identifier ?? resource.id} from the trash`,
  }),
});
