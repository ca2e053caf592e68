// The inverse operations compensations name; each is safe to run again (undoing what is already undone succeeds).
import type { CompensationOperation, CompensationReport } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { isAlreadyExisting, isNotFound } from './linear-errors.js';
import { uuidFromKey } from './idempotency.js';
import { ISSUE_ADD_LABEL, ISSUE_ARCHIVE, ISSUE_DELETE, ISSUE_REMOVE_LABEL, ISSUE_UNARCHIVE, ISSUE_UPDATE } from './documents.js';
import { answeredIssue, ISSUE_FIELDS, LABEL_PREFIX, labelField, type IssueNode } from './snapshots.js';
import { linearCompensationInputs as inputs } from './compensation-inputs.js';

type Operation = CompensationOperation<LinearCalls>;

/** A delete: done, or done already (Linear answers "not found"); either way its answer shows it gone. */
async function deleted(write: () => Promise<unknown>): Promise<CompensationReport> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return { observed: null };
}

/** A keyed create that already happened (its id is taken) is done. */
async function ignoreExisting(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isAlreadyExisting(error)) throw error;
  }
}

// No compensation reads before it writes: planning read the resource just before and runs a step only
// while it is still to undo (an issue already archived is `already-undone`). Each mutation is the
// adapter's own document, whose payload carries the issue as a read selects it: that answer is what the
// engine verifies (no read after). So a step costs its write alone, beside its share of planning.

/**
 * The issue as a mutation's payload shows it, in the snapshot form a read gives. The labels named (the
 * ones the inverse put on or took off) are stated either way: the payload's `labelIds` is the whole
 * list, so a label not on it is off the issue. A payload without the issue says nothing: read instead.
 */
async function answeredState(client: LinearCalls, issue: IssueNode | null | undefined, labelIds: string[] = []): Promise<CompensationReport | undefined> {
  if (!issue) return undefined;
  const observed = await answeredIssue(client, issue);
  for (const labelId of labelIds) observed[labelField(labelId)] ??= null;
  return { observed };
}

const labelsNamed = (fields: Record<string, unknown>) => Object.keys(fields).filter((field) => field.startsWith(LABEL_PREFIX)).map((field) => field.slice(LABEL_PREFIX.length));

const issueArchive: Operation = {
  input: inputs['linear.issue.archive'],
  run: async ({ id, trash, duplicateOf }: { id: string; trash: boolean; duplicateOf: string | null }, { client, idempotencyKey }) => {
    if (duplicateOf) {
      // Keyed like any create: a re-run after a crash meets the relation it made ("already exists") instead of adding a second one.
      await ignoreExisting(() => client.call((sdk) => sdk.createIssueRelation({ id: uuidFromKey(idempotencyKey, 'relation'), issueId: id, relatedIssueId: duplicateOf, type: 'duplicate' as never })));
    }
    const payload = trash
      ? await client.mutate<{ entity: IssueNode | null }>(ISSUE_DELETE, { id }, 'issueDelete')
      : await client.mutate<{ entity: IssueNode | null }>(ISSUE_ARCHIVE, { id }, 'issueArchive');
    return answeredState(client, payload.entity);
  },
};

const issueUnarchive: Operation = {
  input: inputs['linear.issue.unarchive'],
  run: async ({ id }: { id: string }, { client }) => answeredState(client, (await client.mutate<{ entity: IssueNode | null }>(ISSUE_UNARCHIVE, { id }, 'issueUnarchive')).entity),
};

/**
 * The fields to restore as one issueUpdate: plain fields as they were, and single labels (`label:<id>`,
 * restored where the whole list was changed by someone since) as labels to add back or take off.
 */
export function restorePatch(values: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = Object.fromEntries(Object.entries(values).filter(([field]) => (ISSUE_FIELDS as readonly string[]).includes(field)));
  if ('labelIds' in patch) return patch;
  const labels = Object.entries(values).filter(([field]) => field.startsWith(LABEL_PREFIX));
  const added = labels.filter(([, present]) => present === true).map(([field]) => field.slice(LABEL_PREFIX.length));
  const removed = labels.filter(([, present]) => present !== true).map(([field]) => field.slice(LABEL_PREFIX.length));
  if (added.length > 0) patch.addedLabelIds = added;
  if (removed.length > 0) patch.removedLabelIds = removed;
  return patch;
}

const issueRestore: Operation = {
  input: inputs['linear.issue.restore'],
  run: async ({ id, values }: { id: string; values: Record<string, unknown> }, { client }) => {
    const patch = restorePatch(values);
    if (Object.keys(patch).length === 0) return;
    const payload = await client.mutate<{ issue: IssueNode | null }>(ISSUE_UPDATE, { id, input: patch }, 'issueUpdate');
    return answeredState(client, payload.issue, labelsNamed(values));
  },
};

/** One label put on or taken off; its payload shows the issue's labels after. */
const labelSet = (present: boolean): Operation => ({
  input: inputs[present ? 'linear.label.add' : 'linear.label.remove'],
  run: async ({ id, labelId }: { id: string; labelId: string }, { client }) => {
    const field = present ? 'issueAddLabel' : 'issueRemoveLabel';
    const payload = await client.mutate<{ issue: IssueNode | null }>(present ? ISSUE_ADD_LABEL : ISSUE_REMOVE_LABEL, { id, labelId }, field);
    return answeredState(client, payload.issue, [labelId]);
  },
});

export const compensations: Record<string, Operation> = {
  'linear.issue.archive': issueArchive,
  'linear.issue.unarchive': issueUnarchive,
  'linear.issue.restore': issueRestore,
  'linear.comment.delete': { input: inputs['linear.comment.delete'], run: ({ id }: { id: string }, { client }) => deleted(() => client.call((sdk) => sdk.deleteComment(id))) },
  'linear.relation.delete': { input: inputs['linear.relation.delete'], run: ({ id }: { id: string }, { client }) => deleted(() => client.call((sdk) => sdk.deleteIssueRelation(id))) },
  'linear.label.add': labelSet(true),
  'linear.label.remove': labelSet(false),
};
