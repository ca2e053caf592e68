// What each compensation operation accepts, checked by the rollback engine before it runs one read from
// the journal: ids typed, every field named, nothing else (an unknown argument spread into a request could
// widen what the inverse touches). Optional fields are those older journals do not carry.
import { z } from 'zod';
import { issueNumber, repoInput } from './resources.js';

const blobOrCommitSha = z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character sha');
const branchName = z.string().min(1).max(255).regex(/^[^\s:~^?*[\\]+$/, 'a branch name');
const positiveId = z.number().int().positive();
const filePath = z.string().min(1).max(1024).refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), 'a relative path inside the repository');
/** A label as one snapshot field: true to put it back, null to take it off. */
const labelField = z.string().regex(/^label:.+$/);
const labelValue = z.literal(true).nullable();

/** The fields `github.issue.update` changes, as the issue's snapshot holds them before the agent's write. */
const issueValues = z
  .object({
    title: z.string().min(1),
    body: z.string().nullable(),
    state: z.enum(['open', 'closed']),
    assignees: z.array(z.string().min(1)),
    milestone: positiveId.nullable(),
  })
  .partial()
  .catchall(labelValue)
  .refine((values) => Object.keys(values).every((field) => ['title', 'body', 'state', 'assignees', 'milestone'].includes(field) || labelField.safeParse(field).success), 'only title, body, state, assignees, milestone and label:<name> are restored');

const repo = z.object(repoInput);

export const githubCompensationInputs = {
  'github.nothing': z.object({ values: z.object({}).strict().optional() }).strict(),
  'github.issue.close': repo.extend({ issue_number: issueNumber }).strict(),
  'github.issue.restore': repo.extend({ issue_number: issueNumber, values: issueValues.optional() }).strict(),
  'github.comment.delete': repo.extend({ comment_id: positiveId }).strict(),
  'github.comment.restore': repo.extend({ comment_id: positiveId, values: z.object({ body: z.string().nullable() }).partial().strict().optional() }).strict(),
  'github.labels.remove': repo
    .extend({
      issue_number: issueNumber,
      labelable_id: z.string().min(1).nullable().optional(),
      label_ids: z.record(z.string().min(1), z.string().min(1)).optional(),
      values: z.record(labelField, labelValue).optional(),
    })
    .strict(),
  // `from`: the commit the agent created the branch at (journals before it lack it).
  'github.ref.delete': repo.extend({ branch: branchName, from: blobOrCommitSha.optional() }).strict(),
  'github.file.delete': repo.extend({ path: filePath, branch: branchName.optional(), sha: blobOrCommitSha.nullable() }).strict(),
  'github.file.restore': repo
    .extend({
      path: filePath,
      branch: branchName.optional(),
      sha: blobOrCommitSha.nullable(),
      content: z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64 file content'),
      restoredSha: blobOrCommitSha.nullable(),
    })
    .strict(),
  'github.pull.close': repo.extend({ pull_number: positiveId }).strict(),
  'github.pull.revert': repo.extend({ pull_number: positiveId, merge: z.boolean(), node_id: z.string().min(1).optional(), base: branchName.optional() }).strict(),
} satisfies Record<string, z.ZodType>;
