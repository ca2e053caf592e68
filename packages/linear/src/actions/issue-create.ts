// linear.issue.create: open an issue with a key-derived id. Inverse: archive it (trash on request); when it
// duplicates an existing issue, first mark it a duplicate of that one. Left in place once others built on it.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import { guardedUndo, type Json, type Snapshot } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { duplicateMarkId, uuidFromKey } from '../idempotency.js';
import { isAlreadyExisting, isNotFound } from '../linear-errors.js';
import { DUPLICATES_QUERY, ISSUE_ARCHIVE, ISSUE_CREATE, ISSUE_DELETE, ISSUE_UNARCHIVE } from '../documents.js';
import { answeredState, deleted, flag } from '../compensations.js';
import { linearId, nullableId } from '../compensation-inputs.js';
import { answeredIssue, COMMENTS_FIELD, INSIDE_FIELD, LIFECYCLE_FIELD, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { issueFieldsInput, issueRef, resourceOf } from './issue-input.js';
import { addedSince, builtOnMeanwhile } from './built-on-since.js';
import { awayBeforeTrash, backToArchive } from './taken-along.js';

const input = z.strictObject({
  teamId: z.string().min(1).describe('The UUID of the team the issue belongs to (its key, e.g. "ENG", becomes the issue\'s identifier prefix).'),
  title: issueFieldsInput.title,
  description: issueFieldsInput.description.optional(),
  stateId: issueFieldsInput.stateId.optional(),
  assigneeId: issueFieldsInput.assigneeId.optional(),
  priority: issueFieldsInput.priority.optional(),
  labelIds: issueFieldsInput.labelIds.optional(),
  estimate: issueFieldsInput.estimate.optional(),
  dueDate: issueFieldsInput.dueDate.optional(),
  projectId: issueFieldsInput.projectId.optional(),
  parentId: issueFieldsInput.parentId.optional(),
  /** How rollback removes the issue: archive (default) or trash (restorable for 30 days, then gone). */
  undo: z
    .enum(['archive', 'trash'])
    .default('archive')
    .describe('How a rollback removes the issue: "archive" (default, it stays in the archive) or "trash" (restorable for 30 days, then gone).'),
});
type Input = z.infer<typeof input>;

export interface CreatedIssue {
  id: string;
  identifier: string;
  url: string;
}

/**
 * Fields whose change by someone else means they built on the issue: rollback leaves it open (its cycle and
 * milestone too: planning it into their sprint is taking it on, as assigning it is). Comments
 * and sub-issues are compared as the issue's contents instead, so the agent's own (undone first by the
 * same rollback) do not count as someone else's; a person's sub-issue under it does. Its lifecycle too:
 * an issue someone else put in the trash or the archive (or brought back from where the agent's own newer
 * step put it) stays where they put it, never archived over their choice (Linear's schema does not say
 * what issueArchive does to a trashed issue); where it is already archived as the undo would leave it, the
 * step is already undone instead.
 */
export const CREATED_ISSUE_GUARD = ['title', 'description', 'stateId', 'assigneeId', 'priority', 'labelIds', 'estimate', 'dueDate', 'projectId', 'parentId', 'cycleId', 'projectMilestoneId', LIFECYCLE_FIELD];

/** The inverse's input: the issue, whether to trash it rather than archive it, and the open issue it duplicates. */
const archiveInput = z.object({ id: linearId, trash: z.boolean().optional(), duplicateOf: nullableId.optional() }).strict();

/** A keyed create that already happened (its id is taken) is done. */
async function ignoreExisting(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isAlreadyExisting(error)) throw error;
  }
}

/**
 * Marks the issue a duplicate of `original`, once (a keyed create that already happened is done): true
 * when it is marked, false when the original is gone from Linear for good.
 */
async function markDuplicate(client: LinearCalls, id: string, original: string): Promise<boolean> {
  try {
    await ignoreExisting(() => client.call((sdk) => sdk.createIssueRelation({ id: duplicateMarkId(id), issueId: id, relatedIssueId: original, type: 'duplicate' as never })));
    return true;
  } catch (error) {
    if (isNotFound(error) && !(await readIssue(client, original))) return false;
    throw error;
  }
}

/** What sat on or under the issue as the agent left it: nothing, for an issue it filed (its lookup says so too). */
const leftInside = (post: Snapshot | null | undefined): Json => (Array.isArray(post?.[INSIDE_FIELD]) ? post[INSIDE_FIELD] : []);

const created = (snapshot: Snapshot): CreatedIssue => {
  const identifier = String(snapshot.identifier);
  return withPost({ id: String(snapshot.id), identifier, url: `https://linear.app/issue/${identifier}` }, snapshot);
};

export const issueCreate = defineLinearAction({
  name: 'linear.issue.create',
  reversibility: 'compensatable',
  description: 'Create an issue; undone by archiving it (marked a duplicate first when it repeats an open issue), unless others built on it',
  input,
  // The description is not needed once written: the lookup finds the issue by its id (chosen from the
  // key), the inverse archives it by id, and edits are compared on the post-state (from Linear's answer).
  // The title stays: the duplicate check before the write matches on it.
  sensitive: { input: ['description'] },
  minimumRequests: 2,
  // Not a pre-state: the open issue this one would duplicate (same team, same title), found before writing.
  snapshot: async ({ teamId, title }, { client }) => {
    const matches = await client.request<{ issues: { nodes: Array<{ id: string; identifier: string; createdAt: string }> } }>(DUPLICATES_QUERY, { teamId, title });
    const original = [...matches.issues.nodes].sort((left, right) => Date.parse(left.createdAt) - Date.parse(right.createdAt))[0];
    return { duplicateOf: original?.id ?? null, duplicateOfIdentifier: original?.identifier ?? null };
  },
  // One request: the answer is the new issue as its snapshot reads it, so nothing is read back.
  execute: async ({ undo: _undo, ...fields }, { client, idempotencyKey }) => {
    const payload = await client.mutate<{ issue: IssueNode }>(ISSUE_CREATE, { input: { ...fields, id: uuidFromKey(idempotencyKey, 'issue') } }, 'issueCreate');
    return created(await answeredIssue(client, payload.issue));
  },
  // Found by its key-derived id after its answer was lost: as the create left it, which made no comment,
  // so comments on it now are others' (the rollback keeps an issue someone built on). Fields a person
  // changed since are told by the issue's history (a looked-up write's version is unknown).
  lookup: async (_input, { client, idempotencyKey }) => {
    const snapshot = await readIssue(client, uuidFromKey(idempotencyKey, 'issue'));
    return snapshot ? created({ ...snapshot, [COMMENTS_FIELD]: [], [INSIDE_FIELD]: [] }) : undefined;
  },
  resource: (_input, issue) => resourceOf('issue', issue.id),
  post: (_input, issue) => postOf(issue),
  compensation: (args) => {
    const { input: { undo, parentId }, result, pre, post } = args;
    // A sub-issue sits inside its parent (one of the parent's `inside`): a rollback that takes the parent
    // away (one that selects only the parent's creation, say) brings this one along, archived first.
    const parent = typeof post?.parentId === 'string' ? post.parentId : parentId;
    const duplicateOf = typeof pre?.duplicateOf === 'string' ? pre.duplicateOf : null;
    const trash = undo === 'trash';
    const how = `${trash ? 'trash' : 'archive'} ${result.identifier}`;
    // What the snapshot found is the duplicate, not a pre-state: the issue did not exist before.
    return guardedUndo({ ...args, pre: null }, {
      operation: 'linear.issue.archive',
      input: { id: result.id, trash, duplicateOf },
      fields: CREATED_ISSUE_GUARD,
      contents: INSIDE_FIELD,
      // Archived (or trashed), it leaves its parent's sub-issues: a parent this rollback archives after it
      // does not count it as others' work.
      retires: true,
      ...(parent ? { dependsOn: [issueRef(parent)] } : {}),
      // Archived (or trashed) with nothing of others' in it: the undo puts the issue back at once when its
      // answer shows work added since planning (a person's sub-issue Linear archived along with it). A step
      // whose answer was lost, or whose engine died before it put the issue back, is read again, by the
      // rollback that runs it or the one that takes over: an issue found archived with someone's work in it
      // is not what this undo leaves, so it is never counted undone, and planning names their work.
      expect: { fields: { archived: true, ...(trash ? { trashed: true } : {}), [INSIDE_FIELD]: leftInside(post) } },
      description: duplicateOf ? `mark ${result.identifier} a duplicate of ${pre?.duplicateOfIdentifier}, then ${trash ? 'trash' : 'archive'} it` : how,
      residue: `${result.identifier} stays in Linear ${trash ? 'in the trash for 30 days' : 'archived'}${duplicateOf ? `, marked a duplicate of ${pre?.duplicateOfIdentifier}` : ''}; its creation notifications were already sent`,
    });
  },
  inverses: {
    'linear.issue.archive': {
      input: archiveInput,
      run: async ({ id, trash, duplicateOf }: z.infer<typeof archiveInput>, { client, pre }) => {
        // Already where the undo leads in the state planning read, yet planned to run: a newer step on the
        // issue found someone else had put it there (a person's trash over the agent's own). Linear's schema
        // does not say what issueArchive does to a trashed issue: nothing is sent, and it stays theirs.
        const name = String(pre?.identifier ?? id);
        if (flag(trash ? pre?.trashed : pre?.archived)) return { keptBecause: `${name} is ${flag(pre?.trashed) ? 'in the trash' : 'archived'}, put there by someone else since the agent filed it: it stays where they put it` };
        // Its id is the issue's own mark (duplicateMarkId): a re-run after a crash meets the relation it made
        // ("already exists") instead of adding a second one, and the original's read knows it for the rollback's.
        // An original gone from Linear for good since (emptied from the trash) has nothing to mark it a
        // duplicate of: the issue is put away all the same, and the report says it carries no mark.
        const marked = duplicateOf ? await markDuplicate(client, id, duplicateOf) : true;
        const unmarked = marked ? [] : [`the issue it repeated (${duplicateOf}) is gone from Linear: ${name} is put away without a duplicate mark`];
        const payload = trash
          ? await client.mutate<{ entity: IssueNode | null }>(ISSUE_DELETE, { id }, 'issueDelete')
          : await client.mutate<{ entity: IssueNode | null }>(ISSUE_ARCHIVE, { id }, 'issueArchive');
        const report = await answeredState(client, payload.entity);
        // An archive or a trash costs no read first: its answer lists what sits on the issue (a sub-issue
        // Linear trashed along with it too, see `trashedWith` in snapshots.ts). Work added since planning is
        // put back at once, out of the archive or the trash alike (issueUnarchive restores both, and what
        // went along), the agent's duplicate mark too: Linear deletes what lies in the trash for good 30 days on.
        const added = addedSince(pre, report?.observed);
        if (added.length > 0) {
          // The sub-issues already away when the trash took them along stay away (see taken-along.ts).
          const away = trash ? await awayBeforeTrash(client, payload.entity) : new Set<string>();
          const restored = await client.mutate<{ entity: IssueNode | null }>(ISSUE_UNARCHIVE, { id }, 'issueUnarchive');
          await backToArchive(client, restored.entity, away);
          if (duplicateOf) await deleted(() => client.call((sdk) => sdk.deleteIssueRelation(duplicateMarkId(id))));
          return { keptBecause: builtOnMeanwhile(name, added) };
        }
        // An archive answered with the issue in the trash: someone trashed it after planning read it. The
        // report says so, not that it stays archived: Linear deletes it for good 30 days after the trash.
        if (!trash && report?.observed?.trashed === true) return { ...report, residue: [...unmarked, `${name} was in the trash when its archive was sent (someone trashed it after the rollback was planned): it stays there, and Linear deletes it for good 30 days after it was trashed`] };
        return unmarked.length > 0 ? { ...report, residue: unmarked } : report;
      },
    },
  },
});
