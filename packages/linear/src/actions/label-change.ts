// linear.label.add / linear.label.remove: one label on one issue. Inverse: the opposite call, only while
// that label is still as the agent left it.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { labelField, readIssue } from '../snapshots.js';
import { issueRef } from './issue-input.js';

const input = z.object({ id: z.string().min(1), labelId: z.string().min(1) });
type Input = z.infer<typeof input>;

function labelAction(verb: 'add' | 'remove') {
  const present = verb === 'add';
  return defineAction<Input, { id: string; labelId: string }, LinearCalls>({
    name: `linear.label.${verb}`,
    reversibility: 'reversible',
    description: present ? 'Add a label to an issue; undone by removing it' : 'Remove a label from an issue; undone by adding it back',
    input,
    target: ({ id }) => issueRef(id),
    snapshot: ({ id }, { client }) => readIssue(client, id),
    execute: async ({ id, labelId }, { client }) => {
      const payload = await client.call((sdk) => (present ? sdk.issueAddLabel(id, labelId) : sdk.issueRemoveLabel(id, labelId)));
      return { id: payload.issueId ?? id, labelId };
    },
    lookup: async ({ id, labelId }, { client }) => {
      const current = await readIssue(client, id);
      return current && (current[labelField(labelId)] === true) === present ? { id: String(current.id), labelId } : undefined;
    },
    resource: (_input, result) => issueRef(result.id),
    // The whole list and the one label, as issue.update and the issue's creation name labels: a
    // newer step's projection is then what an older one on the same issue compares with.
    compensation: ({ input: { labelId }, result, resource, pre, post }) => ({
      operation: present ? 'linear.label.remove' : 'linear.label.add',
      resource,
      input: { id: result?.id ?? resource.id, labelId },
      strategy: 'restore-fields',
      fields: ['labelIds', labelField(labelId)],
      pre,
      post,
      expect: { fields: { labelIds: pre?.labelIds ?? [], [labelField(labelId)]: pre?.[labelField(labelId)] ?? null } },
      description: `${present ? 'remove' : 'add back'} label ${labelId} ${present ? 'from' : 'on'} ${pre?.identifier ?? result?.id ?? resource.id}`,
    }),
  });
}

export const labelAdd = labelAction('add');
export const labelRemove = labelAction('remove');
