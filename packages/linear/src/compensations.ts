// What the inverses share: how a write's answer is reported, and the one operation two actions stage
// (unarchiving an issue, for linear.issue.archive and linear.issue.delete). Every other inverse is
// declared beside the action that stages it. Each is safe to run again (undoing what is already undone
// succeeds).
import { z } from 'zod';
import { doneWhenGone, restoreFields, type Compensation, type CompensationArgs, type CompensationOperation, type CompensationReport } from '@backspace/core/adapter-kit';
import type { LinearCalls } from './linear-calls.js';
import { isNotFound } from './linear-errors.js';
import { ISSUE_ARCHIVE, ISSUE_DELETE, ISSUE_UNARCHIVE } from './documents.js';
import { answeredIssue, labelField, LIFECYCLE_FIELD, LIFECYCLES, type IssueNode, type Lifecycle } from './snapshots.js';
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

/**
 * The inverse's input: the issue and (added by the engine) the lifecycle to put back. Older journals
 * compared `archived` and `trashed` and name those instead: read as the lifecycle they make up.
 */
const unarchiveInput = z
  .object({ id: linearId, values: z.object({ [LIFECYCLE_FIELD]: z.enum(LIFECYCLES), archived: z.boolean(), trashed: z.boolean() }).partial().strict().optional() })
  .strict();
type UnarchiveInput = z.infer<typeof unarchiveInput>;

const lifecycleToRestore = (values: UnarchiveInput['values']): Lifecycle => values?.[LIFECYCLE_FIELD] ?? (values?.trashed ? 'trashed' : values?.archived ? 'archived' : 'active');

type IssuePayload = { entity: IssueNode | null };

export const compensations: Record<string, CompensationOperation<LinearCalls>> = {
  'linear.issue.unarchive': {
    input: unarchiveInput,
    // issueUnarchive takes an issue out of the archive and the trash alike; one that was archived before
    // the agent trashed it is archived again after (and one that was in the trash goes back to it).
    run: async ({ id, values }: UnarchiveInput, { client }) => {
      const lifecycle = lifecycleToRestore(values);
      if (lifecycle === 'trashed') return answeredState(client, (await client.mutate<IssuePayload>(ISSUE_DELETE, { id }, 'issueDelete')).entity);
      const restored = await client.mutate<IssuePayload>(ISSUE_UNARCHIVE, { id }, 'issueUnarchive');
      if (lifecycle === 'active') return answeredState(client, restored.entity);
      return answeredState(client, (await client.mutate<IssuePayload>(ISSUE_ARCHIVE, { id }, 'issueArchive')).entity);
    },
  },
};

/**
 * The inverse of archiving or trashing an issue: put its lifecycle back (active, archived or trashed),
 * three-way: a person who changed it since (trashed the issue the agent archived, restored it) keeps
 * theirs. Without a pre-state it expects an active issue.
 */
export function unarchiveIssue(args: CompensationArgs<unknown, { id: string } | undefined>, spec: Pick<Compensation, 'description' | 'reversibleUntil'>): Compensation {
  const { result, resource, pre } = args;
  return {
    ...restoreFields(args, { operation: 'linear.issue.unarchive', input: { id: result?.id ?? resource.id }, fields: [LIFECYCLE_FIELD], ...spec }),
    expect: { fields: { [LIFECYCLE_FIELD]: pre?.[LIFECYCLE_FIELD] ?? 'active' } },
  };
}
