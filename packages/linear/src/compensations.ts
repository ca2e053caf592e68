// The inverse operations compensations name; each is safe to run again (undoing what is already undone succeeds).
import type { CompensationOperation } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { isAlreadyExisting, isNotFound } from './linear-errors.js';
import { uuidFromKey } from './idempotency.js';
import { ISSUE_FIELDS, LABEL_PREFIX } from './snapshots.js';
import { linearCompensationInputs as inputs } from './compensation-inputs.js';

type Operation = CompensationOperation<LinearCalls>;

async function ignoreMissing(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
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
// while it is still to undo (an issue already archived is `already-undone`), and the engine reads it
// once after, to verify. So a step costs its write and that one read.

const issueArchive: Operation = {
  input: inputs['linear.issue.archive'],
  run: async ({ id, trash, duplicateOf }: { id: string; trash: boolean; duplicateOf: string | null }, { client, idempotencyKey }) => {
    if (duplicateOf) {
      // Keyed like any create: a re-run after a crash meets the relation it made ("already exists") instead of adding a second one.
      await ignoreExisting(() => client.call((sdk) => sdk.createIssueRelation({ id: uuidFromKey(idempotencyKey, 'relation'), issueId: id, relatedIssueId: duplicateOf, type: 'duplicate' as never })));
    }
    await client.call((sdk) => (trash ? sdk.deleteIssue(id) : sdk.archiveIssue(id)));
  },
};

const issueUnarchive: Operation = {
  input: inputs['linear.issue.unarchive'],
  run: async ({ id }: { id: string }, { client }) => void (await client.call((sdk) => sdk.unarchiveIssue(id))),
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
    await client.call((sdk) => sdk.updateIssue(id, patch));
  },
};

export const compensations: Record<string, Operation> = {
  'linear.issue.archive': issueArchive,
  'linear.issue.unarchive': issueUnarchive,
  'linear.issue.restore': issueRestore,
  'linear.comment.delete': { input: inputs['linear.comment.delete'], run: ({ id }: { id: string }, { client }) => ignoreMissing(() => client.call((sdk) => sdk.deleteComment(id))) },
  'linear.relation.delete': { input: inputs['linear.relation.delete'], run: ({ id }: { id: string }, { client }) => ignoreMissing(() => client.call((sdk) => sdk.deleteIssueRelation(id))) },
  'linear.label.add': { input: inputs['linear.label.add'], run: async ({ id, labelId }: { id: string; labelId: string }, { client }) => void (await client.call((sdk) => sdk.issueAddLabel(id, labelId))) },
  'linear.label.remove': { input: inputs['linear.label.remove'], run: async ({ id, labelId }: { id: string; labelId: string }, { client }) => void (await client.call((sdk) => sdk.issueRemoveLabel(id, labelId))) },
};
