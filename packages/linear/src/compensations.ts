// What the inverses share: how a write's answer is reported, and the one operation two actions stage
// (unarchiving an issue, for linear.issue.archive and linear.issue.delete). Every other inverse is
// declared beside the action that stages it. Each is safe to run again (undoing what is already undone
// succeeds).
import { z } from 'zod';
import { doneWhenGone, restoreFields, type Compensation, type CompensationArgs, type CompensationOperation, type CompensationReport } from '@backspace/core/adapter-kit';
import type { LinearCalls } from './linear-calls.js';
import { isNotFound } from './linear-errors.js';
import { ISSUE_UNARCHIVE } from './documents.js';
import { answeredIssue, labelField, type IssueNode } from './snapshots.js';
import { linearId } from './compensation-inputs.js';

// No compensation reads before it writes: planning read the resource just before and runs a step only
// while it is still to undo (an issue already archived is `already-undone`). Each mutation is the
// adapter's own document, whose payload carries the issue as a read selects it: that answer is what the
// engine verifies (no read after). So a step costs its write alone, beside its share of planning.

/** A delete: done, or done already (Linear answers "not found"); either way its answer shows it gone. */
export async function deleted(write: () => Promise<unknown>): Promise<CompensationReport> {
  await doneWhenGone(write, isNotFound);
  return { observed: null };
}

/**
 * The issue as a mutation's payload shows it, in the snapshot form a read gives. The labels named (the
 * ones the inverse put on or took off) are stated either way: the payload's `labelIds` is the whole
 * list, so a label not on it is off the issue. A payload without the issue says nothing: read instead.
 */
export async function answeredState(client: LinearCalls, issue: IssueNode | null | undefined, labelIds: string[] = []): Promise<CompensationReport | undefined> {
  if (!issue) return undefined;
  const observed = await answeredIssue(client, issue);
  for (const labelId of labelIds) observed[labelField(labelId)] ??= null;
  return { observed };
}

const unarchiveInput = z.object({ id: linearId, values: z.object({ archived: z.boolean(), trashed: z.boolean() }).partial().strict().optional() }).strict();

export const compensations: Record<string, CompensationOperation<LinearCalls>> = {
  'linear.issue.unarchive': {
    input: unarchiveInput,
    run: async ({ id }: z.infer<typeof unarchiveInput>, { client }) => answeredState(client, (await client.mutate<{ entity: IssueNode | null }>(ISSUE_UNARCHIVE, { id }, 'issueUnarchive')).entity),
  },
};

/**
 * The inverse of archiving or trashing an issue: put its `archived` and `trashed` flags back. Without a
 * pre-state it expects an issue neither archived nor trashed.
 */
export function unarchiveIssue(args: CompensationArgs<unknown, { id: string } | undefined>, spec: Pick<Compensation, 'description' | 'reversibleUntil'>): Compensation {
  const { result, resource, pre } = args;
  return {
    ...restoreFields(args, { operation: 'linear.issue.unarchive', input: { id: result?.id ?? resource.id }, fields: ['archived', 'trashed'], ...spec }),
    expect: { fields: { archived: pre?.archived ?? false, trashed: pre?.trashed ?? false } },
  };
}
