// asana.task.update: change a task's name, notes, assignee, dates, completion or custom fields.
// Inverse: restore the fields the agent changed and nobody changed since (three-way).
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { sameJson, type Snapshot } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreTaskFields } from '../compensations.js';
import { dueValue, field, readTaskSnapshot, taskRef, taskSnapshot, VERSION_FIELD } from '../snapshot.js';
import { gid, oneDue, resolveUser, startWithDue, writableTaskFields } from './task-input.js';
import { changedBySelfSince } from '../task-stories.js';

const input = z
  .object({
    gid: gid.describe('The gid of the task to change, e.g. "1204000000000019". Give only the fields to change beside it.'),
    name: writableTaskFields.name.optional(),
    notes: writableTaskFields.notes.optional(),
    assignee: writableTaskFields.assignee.optional(),
    due_on: writableTaskFields.due_on.optional(),
    due_at: writableTaskFields.due_at.optional(),
    start_on: writableTaskFields.start_on.optional(),
    completed: writableTaskFields.completed.optional(),
    custom_fields: writableTaskFields.custom_fields.optional(),
  })
  .strict()
  .refine(({ gid: _gid, ...changes }) => Object.keys(changes).length > 0, { message: 'give at least one field to change' })
  .refine(...oneDue)
  .refine(...startWithDue);

type TaskUpdateInput = z.infer<typeof input>;

/**
 * The snapshot fields an update touches: plain ones by name, custom fields as `custom_field:<gid>`.
 * `due_on` and `due_at` are one field, `due`: Asana derives each from the other, and a date alone drops
 * the time, so the inverse must put back whichever the task had.
 */
export function changedFields({ gid: _gid, custom_fields: customFields, due_on: dueOn, due_at: dueAt, ...plain }: TaskUpdateInput): string[] {
  const names = Object.keys(plain);
  // Plain notes drop the description's formatting: it is put back with them.
  if ('notes' in plain) names.push('html_notes');
  if (dueOn !== undefined || dueAt !== undefined) names.push('due');
  return [...names, ...Object.keys(customFields ?? {}).map(field.customField)];
}

/**
 * What the update asks each snapshot field to become, `me` resolved, so it compares with a read of
 * `task`: a number field's value given as text (`"7"`, which Asana takes and stores as 7) as the number
 * the task shows, or the agent's own value reads as someone else's and stays after a rollback.
 */
async function expectedValues(update: TaskUpdateInput, client: AsanaClient, task: AsanaObject): Promise<Snapshot> {
  const { gid: _gid, custom_fields: customFields, assignee, due_at: dueAt, due_on: dueOn, ...plain } = update;
  const expected: Snapshot = { ...plain };
  if (assignee !== undefined) expected.assignee = (await resolveUser(assignee, client)) ?? null;
  // A cleared due time alone leaves the date as it was: nothing to compare then.
  if (dueAt) expected.due = dueValue(dueAt, null);
  else if (dueOn !== undefined) expected.due = dueOn;
  const numberFields = new Set(((task.custom_fields ?? []) as AsanaObject[]).filter((custom) => custom.type === 'number').map((custom) => String(custom.gid)));
  for (const [gidOfField, value] of Object.entries(customFields ?? {})) {
    expected[field.customField(gidOfField)] = numberFields.has(gidOfField) && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  }
  return expected;
}

/** The task as an update left it: the values it set (`expected`, in snapshot form) over what is there now. */
function asUpdated(task: AsanaObject, expected: Snapshot): AsanaObject {
  const updated: AsanaObject = { ...task };
  for (const name of ['name', 'notes', 'start_on', 'completed'] as const) if (name in expected) updated[name] = expected[name];
  // The formatting the agent's notes left is Asana's own rendering of them: what the task shows while it
  // still holds those notes, otherwise unknown (null), never someone's later formatting taken for it.
  if ('notes' in expected && task.notes !== expected.notes) updated.html_notes = null;
  if ('assignee' in expected) updated.assignee = expected.assignee === null ? null : { gid: expected.assignee };
  // A due time is an ISO instant; a due date alone, a day.
  if ('due' in expected) Object.assign(updated, typeof expected.due === 'string' && expected.due.includes('T') ? { due_at: expected.due } : { due_on: expected.due, due_at: null });
  updated.custom_fields = ((task.custom_fields ?? []) as AsanaObject[]).map((custom) => {
    const name = field.customField(custom.gid);
    if (!(name in expected)) return custom;
    const value = expected[name];
    return custom.type === 'enum' ? { ...custom, enum_value: value === null ? null : { gid: value } } : { ...custom, [custom.type === 'number' ? 'number_value' : 'text_value']: value };
  });
  return updated;
}

export const taskUpdate = defineAsanaAction({
  name: 'asana.task.update',
  reversibility: 'reversible',
  description: "Update a task's fields (updateTask); undone by restoring the fields the agent changed (three-way)",
  modelDescription:
    "Use this to change an Asana task's name, description, assignee, dates, completion or custom field values: give the task's gid and only the fields to change. To move it between projects, parents or tags, use the asana.task.project, parent and tag actions. It can be undone exactly if this session is rolled back, by restoring the fields it changed that nobody changed since.",
  input,
  // The task read, then the write, whose answer is the post-state.
  minimumRequests: 2,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid }, { client }) => readTaskSnapshot(client, taskGid),
  execute: ({ gid: taskGid, ...body }, { client }) => client.call('updateTask', true, () => client.tasks.updateTask({ data: body }, taskGid, { opt_fields: TASK_FIELDS })),
  // Setting fields to values is idempotent; a lost answer counts as written once the task holds them all.
  // Read partly otherwise (a person changed a field since), it landed if the token's own stories after the
  // pre-state's version changed a field it sets: then it answers as the write left the task, the person's
  // changes theirs.
  lookup: async (update, { client, pre }) => {
    const task = await client.findTask(update.gid);
    if (!task) return undefined;
    const current = taskSnapshot(task);
    const expected = await expectedValues(update, client, task);
    if (Object.entries(expected).every(([key, value]) => sameJson(current[key] ?? null, value ?? null))) return task;
    const since = pre?.[VERSION_FIELD];
    if (typeof since !== 'string' || !(await changedBySelfSince(client, update.gid, changedFields(update), since))) return undefined;
    return asUpdated(task, expected);
  },
  post: (_input, task) => taskSnapshot(task),
  compensation: (args) => {
    const fields = changedFields(args.input);
    return restoreTaskFields(args, { fields, description: `restore ${fields.join(', ')} of task ${args.input.gid}` });
  },
});
