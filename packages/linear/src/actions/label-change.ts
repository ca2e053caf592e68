// linear.label.add / linear.label.remove: one label on one issue. Inverse: the opposite call, only while
// that label is still as the agent left it.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import { restoreFields, type CompensationOperation } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { ISSUE_ADD_LABEL, ISSUE_REMOVE_LABEL } from '../documents.js';
import { answeredIssue, labelField, postOf, readIssue, withPost, type IssueNode } from '../snapshots.js';
import { answeredState } from '../compensations.js';
import { linearId, restoredValues, uuid } from '../compensation-inputs.js';
import { issueRef, issueRefOnceRead } from './issue-input.js';
import { changedFirstByOthersSince, labelSetBySelfSince } from '../history.js';

const input = z.strictObject({
  id: z.string().min(1).describe('The issue: its identifier as shown in Linear (e.g. "ENG-123") or its UUID.'),
  labelId: z.string().min(1).describe('The UUID of the issue label, not its name.'),
});
type Input = z.infer<typeof input>;

/** The inverse's input, either way: the issue and the label, and (added by the engine at rollback) the label list to put back. */
const labelInput = z.object({ id: linearId, labelId: uuid, values: restoredValues(['labelIds']).optional() }).strict();

/** One label put on or taken off; its payload shows the issue's labels after. */
const labelSet = (present: boolean): CompensationOperation<LinearCalls> => ({
  input: labelInput,
  run: async ({ id, labelId }: z.infer<typeof labelInput>, { client }) => {
    const field = present ? 'issueAddLabel' : 'issueRemoveLabel';
    const payload = await client.mutate<{ issue: IssueNode | null }>(present ? ISSUE_ADD_LABEL : ISSUE_REMOVE_LABEL, { id, labelId }, field);
    return answeredState(client, payload.issue, [labelId]);
  },
});

function labelAction<const Verb extends 'add' | 'remove'>(verb: Verb) {
  const present = verb === 'add';
  const inverse = present ? 'linear.label.remove' : 'linear.label.add';
  return defineLinearAction({
    name: `linear.label.${verb}`,
    reversibility: 'reversible',
    description: present ? 'Add a label to an issue; undone by removing it' : 'Remove a label from an issue; undone by adding it back',
    input,
    target: ({ id }) => issueRef(id),
    canonicalTarget: issueRefOnceRead,
    minimumRequests: 2,
    snapshot: ({ id }, { client }) => readIssue(client, id),
    execute: async ({ id, labelId }, { client }) => {
      const payload = await client.mutate<{ issue: IssueNode }>(present ? ISSUE_ADD_LABEL : ISSUE_REMOVE_LABEL, { id, labelId }, present ? 'issueAddLabel' : 'issueRemoveLabel');
      const post = await answeredIssue(client, payload.issue);
      return withPost({ id: String(post.id), labelId }, post);
    },
    // Landed when the label is as the change leaves it, unless the issue's history says someone else made
    // that change first since the pre-state (by hand, the agent's request never having arrived; the agent's
    // later writes may have set it again since). Or, when it is not, when the history shows this API key's
    // user made that change since the pre-state (someone, perhaps another of the agent's sessions, undid it
    // since): the post-state is then the label as the change left it.
    lookup: async ({ id, labelId }, { client, pre }) => {
      const current = await readIssue(client, id);
      if (!current) return undefined;
      const since = pre?.['updatedAt'];
      if ((current[labelField(labelId)] === true) === present) {
        if (typeof since === 'string' && (await changedFirstByOthersSince(client, id, { [labelField(labelId)]: present ? true : null }, since))) return undefined;
        return withPost({ id: String(current.id), labelId }, current);
      }
      if (typeof since !== 'string' || !(await labelSetBySelfSince(client, id, labelId, present, since))) return undefined;
      const { [labelField(labelId)]: _label, ...rest } = current;
      const labelIds = present ? [...(current.labelIds as string[]), labelId].sort() : (current.labelIds as string[]).filter((other) => other !== labelId);
      return withPost({ id: String(current.id), labelId }, { ...rest, labelIds, ...(present ? { [labelField(labelId)]: true } : {}) });
    },
    resource: (_input, result) => issueRef(result.id),
    post: (_input, result) => postOf(result),
    // The whole list and the one label, as issue.update and the issue's creation name labels: a
    // newer step's projection is then what an older one on the same issue compares with.
    compensation: (args) => {
      const { input: { labelId }, result, resource, pre } = args;
      const id = result?.id ?? resource.id;
      return {
        ...restoreFields(args, { operation: inverse, input: { id, labelId }, fields: ['labelIds', labelField(labelId)], description: `${present ? 'remove' : 'add back'} label ${labelId} ${present ? 'from' : 'on'} ${pre?.identifier ?? id}` }),
        // Without a pre-state, an issue without labels.
        expect: { fields: { labelIds: pre?.labelIds ?? [], [labelField(labelId)]: pre?.[labelField(labelId)] ?? null } },
      };
    },
    inverses: { [inverse]: labelSet(!present) },
  });
}

export const labelAdd = labelAction('add');
export const labelRemove = labelAction('remove');
