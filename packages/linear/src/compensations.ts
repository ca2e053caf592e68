// The inverse operations compensations name; each is safe to run again (undoing what is already undone succeeds).
import type { CompensationOperation } from '@backspace/core';
import type { LinearCalls } from './linear-calls.js';
import { isNotFound } from './linear-errors.js';
import { uuidFromKey } from './idempotency.js';
import { readIssue, readRelation } from './snapshots.js';

type Operation = CompensationOperation<LinearCalls>;

async function ignoreMissing(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

const issueArchive: Operation = {
  run: async ({ id, trash, duplicateOf }: { id: string; trash: boolean; duplicateOf: string | null }, { client, idempotencyKey }) => {
    if (duplicateOf) {
      // Keyed like any create, so a re-run after a crash finds the relation instead of adding a second one.
      const relationId = uuidFromKey(idempotencyKey, 'relation');
      if (!(await readRelation(client, relationId))) {
        await client.call((sdk) => sdk.createIssueRelation({ id: relationId, issueId: id, relatedIssueId: duplicateOf, type: 'duplicate' as never }));
      }
    }
    const current = await readIssue(client, id);
    if (!current || (current.archived && (!trash || current.trashed))) return;
    await client.call((sdk) => (trash ? sdk.deleteIssue(id) : sdk.archiveIssue(id)));
  },
};

const issueUnarchive: Operation = {
  run: async ({ id }: { id: string }, { client }) => {
    const current = await readIssue(client, id);
    if (current && !current.archived && !current.trashed) return;
    await client.call((sdk) => sdk.unarchiveIssue(id));
  },
};

const issueRestore: Operation = {
  run: async ({ id, values }: { id: string; values: Record<string, unknown> }, { client }) => {
    if (Object.keys(values).length === 0) return;
    await client.call((sdk) => sdk.updateIssue(id, values));
  },
};

export const compensations: Record<string, Operation> = {
  'linear.issue.archive': issueArchive,
  'linear.issue.unarchive': issueUnarchive,
  'linear.issue.restore': issueRestore,
  'linear.comment.delete': { run: ({ id }: { id: string }, { client }) => ignoreMissing(() => client.call((sdk) => sdk.deleteComment(id))) },
  'linear.relation.delete': { run: ({ id }: { id: string }, { client }) => ignoreMissing(() => client.call((sdk) => sdk.deleteIssueRelation(id))) },
  'linear.label.add': { run: async ({ id, labelId }: { id: string; labelId: string }, { client }) => void (await client.call((sdk) => sdk.issueAddLabel(id, labelId))) },
  'linear.label.remove': { run: async ({ id, labelId }: { id: string; labelId: string }, { client }) => void (await client.call((sdk) => sdk.issueRemoveLabel(id, labelId))) },
};
