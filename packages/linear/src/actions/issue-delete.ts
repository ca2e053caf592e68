// linear.issue.delete: move an issue to the trash (issueDelete). Inverse: restore it, within Linear's 30 days.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import type { LinearCalls } from '../linear-calls.js';
import { unarchiveIssue } from '../compensations.js';
import { nullWhenGone } from '@backspace/core/adapter-kit';
import { ISSUE_DELETE, ISSUE_QUERY } from '../documents.js';
import { isNotFound } from '../linear-errors.js';
import { answeredIssue, issueSnapshot, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { issueRef, issueRefOnceRead } from './issue-input.js';
import { awayBeforeTrash, awayFoundInTrash } from './taken-along.js';

const input = z.strictObject({ id: z.string().min(1).describe('The issue to move to the trash: its identifier as shown in Linear (e.g. "ENG-123") or its UUID.') });
type Input = z.infer<typeof input>;

/** Linear keeps trashed issues for 30 days before deleting them for good. */
export const TRASH_RETENTION_MS = 30 * 24 * 3_600_000;

export const issueDelete = defineLinearAction({
  name: 'linear.issue.delete',
  reversibility: 'reversible',
  description: 'Move an issue to the trash; undone by restoring it within 30 days',
  modelDescription:
    'Use this to delete a Linear issue that should not exist (e.g. created by mistake); to put away a finished or stale issue, use linear.issue.archive instead. It moves the issue to Linear\'s trash, and a rollback of this session restores it. Undo deadline: within 30 days, while Linear keeps the issue in its trash.',
  reversibleUntil: 'within 30 days, while Linear keeps the issue in its trash',
  input,
  target: ({ id }) => issueRef(id),
  canonicalTarget: issueRefOnceRead,
  minimumRequests: 2,
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    // Never permanentlyDelete: that would make the action irreversible.
    const payload = await client.mutate<{ entity: IssueNode }>(ISSUE_DELETE, { id }, 'issueDelete');
    const post = await answeredIssue(client, payload.entity);
    // Sub-issues someone had put away before the trash took them along: its undo leaves them put away.
    const away = [...(await awayBeforeTrash(client, payload.entity))].sort();
    return withPost({ id: String(post.id), trashed: true as const, ...(away.length > 0 ? { sub_issues_away_before: away } : {}) }, post);
  },
  // Found standing in the trash after its answer was lost: the sub-issues away before it are read there too
  // (those in the trash that did not go with it), as the answer would have named them.
  lookup: async ({ id }, { client }) => {
    const answer = await nullWhenGone(() => client.request<{ issue: IssueNode }>(ISSUE_QUERY, { id }), isNotFound);
    if (answer?.issue.trashed !== true) return undefined;
    const current = await issueSnapshot(client, answer.issue);
    const away = [...(await awayFoundInTrash(client, answer.issue))].sort();
    return withPost({ id: String(current.id), trashed: true as const, ...(away.length > 0 ? { sub_issues_away_before: away } : {}) }, current);
  },
  resource: (_input, result) => issueRef(result.id),
  post: (_input, result) => postOf(result),
  compensation: (args) =>
    unarchiveIssue(args, { reversibleUntil: new Date(args.now + TRASH_RETENTION_MS).toISOString(), description: `restore ${args.pre?.identifier ?? args.resource.id} from the trash` }),
});
