// linear.label.add / linear.label.remove: one label on one issue. Inverse: the opposite call, only while
// that label is still as the agent left it.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { labelField, readIssue } from '../snapshots.js';
import { resourceOf } from './issue-input.js';

const input = z.object({ id: z.string().min(1), labelId: z.string().min(1) });
type Input = z.infer<typeof input>;

function labelAction(verb: 'add' | 'remove') {
  const present = verb === 'add';
  return defineAction<Input, { id: string; labelId: string }, LinearCalls>({
    name: `linear.label.${verb}`,
    reversibility: 'reversible',
    description: present ? 'Add a label to an issue; undone by removing it' : 'Remove a label from an issue; undone by adding it back',
    input,
    target: ({ id }) => resourceOf('issue', id),
    snapshot: ({ id }, { client }) => readIssue(client, id),
    execute: async ({ id, labelId }, { client }) => {
      await client.call((sdk) => (present ? sdk.issueAddLabel(id, labelId) : sdk.issueRemoveLabel(id, labelId)));
      return { id, labelId };
    },
    lookup: async ({ id, labelId }, { client }) => {
      const current = await readIssue(client, id);
      return current && (current[labelField(labelId)] === true) === present ? { id, labelId } : undefined;
    },
    resource: ({ id }) => resourceOf('issue', id),
    compensation: ({ input: { id, labelId }, resource, pre, post }) => ({
      operation: present ? 'linear.label.remove' : 'linear.label.add',
      resource,
      input: { id, labelId },
      strategy: 'restore-fields',
      fields: [labelField(labelId)],
      pre,
      post,
      expect: { fields: { [labelField(labelId)]: pre?.[labelField(labelId)] ?? null } },
      description: `${present ? 'remove' : 'add back'} label ${labelId} ${present ? 'from' : 'on'} ${pre?.identifier ?? id}`,
    }),
  });
}

export const labelAdd = labelAction('add');
export const labelRemove = labelAction('remove');
