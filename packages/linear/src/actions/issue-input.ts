// The issue fields agents may set, as IssueCreateInput / IssueUpdateInput name them, validated before any call.
import { z } from 'zod';
import type { Snapshot } from '@backspace/core';

export const issueFieldsInput = {
  title: z.string().trim().min(1).max(255).describe('The issue title: one short line, e.g. "Checkout fails for EU cards".'),
  description: z.string().max(100_000).nullable().describe('The issue description in Markdown; null leaves it (or, on update, makes it) empty.'),
  stateId: z.string().min(1).describe('The UUID of a workflow state of the issue\'s team (e.g. its "In Progress" or "Done" state), not the state\'s name.'),
  assigneeId: z.string().min(1).nullable().describe('The UUID of the Linear user to assign; null leaves it (or, on update, makes it) unassigned.'),
  priority: z
    .number()
    .int()
    .min(0, 'priority is 0 (none) to 4 (low)')
    .max(4, 'priority is 0 (none) to 4 (low)')
    .describe('0 no priority, 1 urgent, 2 high, 3 medium, 4 low.'),
  labelIds: z
    .array(z.string().min(1))
    .describe('UUIDs of the issue labels the issue should have; on update this replaces all its labels (to add or remove one, use linear.label.add or linear.label.remove).'),
  estimate: z.number().int().min(0).nullable().describe('The estimate in the team\'s points scale, e.g. 3; null for none.'),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'dueDate is a date, YYYY-MM-DD')
    .nullable()
    .describe('The due date as YYYY-MM-DD, e.g. "2026-12-31"; null for none.'),
  projectId: z.string().min(1).nullable().describe('The UUID of the project the issue belongs to; null for none.'),
  parentId: z.string().min(1).nullable().describe('The UUID of the parent issue, making this a sub-issue; null for none.'),
};

export const resourceOf = (type: 'issue' | 'comment' | 'relation', id: string) => ({ provider: 'linear', type, id });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is an entity's UUID rather than an issue identifier such as `ENG-1`. */
export const isUuid = (id: string) => UUID.test(id);

/**
 * An issue's canonical name: Linear takes `ENG-1` and the UUID alike, and a journal must see one
 * resource either way. `target()` is synchronous, so an identifier stays as given there (policy sees
 * it); the intent is journaled under the UUID its pre-state read gives (`issueRefOnceRead`), and every
 * result carries the UUID, so `resource()` and the compensation always name it.
 */
export const issueRef = (id: string) => resourceOf('issue', isUuid(id) ? id.toLowerCase() : id);

/**
 * The issue by the UUID its pre-state gives (`canonicalTarget`): a write named by identifier whose
 * outcome is lost is then one resource with everything else written on the issue, so a later rollback
 * sees that an earlier one put its field back, and the next write's pre-state settles it.
 */
export const issueRefOnceRead = <Input extends { id: string }>({ id }: Input, pre: Snapshot | null) => issueRef(typeof pre?.['id'] === 'string' ? pre['id'] : id);
