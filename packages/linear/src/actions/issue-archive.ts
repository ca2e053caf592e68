// linear.issue.archive: archive an issue. Inverse: issueUnarchive.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import type { LinearCalls } from '../linear-calls.js';
import { unarchiveIssue } from '../compensations.js';
import { ISSUE_ARCHIVE } from '../documents.js';
import { answeredIssue, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { issueRef, issueRefOnceRead } from './issue-input.js';

const input = z.strictObject({ id: z.string().min(1).describe('The issue to archive: its identifier as shown in Linear (e.g. "ENG-123") or its UUID.') });
type Input = z.infer<typeof input>;

export const issueArchive = defineLinearAction({
  name: 'linear.issue.archive',
  reversibility: 'reversible',
  description: 'Archive an issue; undone by unarchiving it',
  modelDescription:
    'Use this to put away a Linear issue that is finished with or no longer relevant: it leaves the team\'s active views but keeps its history and stays searchable. Prefer it to linear.issue.delete. It can be undone exactly if this session is rolled back, by unarchiving it.',
  input,
  target: ({ id }) => issueRef(id),
  canonicalTarget: issueRefOnceRead,
  minimumRequests: 2,
  snapshot: ({ id }, { client }) => readIssue(client, id),
  execute: async ({ id }, { client }) => {
    const payload = await client.mutate<{ entity: IssueNode }>(ISSUE_ARCHIVE, { id }, 'issueArchive');
    const post = await answeredIssue(client, payload.entity);
    return withPost({ id: String(post.id), archived: true as const }, post);
  },
  lookup: async ({ id }, { client }) => {
    const current = await readIssue(client, id);
    return current?.archived ? withPost({ id: String(current.id), archived: true as const }, current) : undefined;
  },
  resource: (_input, result) => issueRef(result.id),
  post: (_input, result) => postOf(result),
  compensation: (args) => unarchiveIssue(args, { description: `unarchive ${args.pre?.identifier ?? args.resource.id}` }),
});
