// asana.subtask.create: create a subtask under a task. Inverse: delete the subtask (to the trash), unless
// others changed it or added subtasks or comments to it since.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { taskRef, taskSnapshot } from '../snapshot.js';
import { deleteCreatedTask, findCreated, listSubtasks, noteCreatedBefore, withKey, type CreateSearch } from './task-create.js';
import { gid, oneDue, startWithDue, userReference, writableTaskFields } from './task-input.js';

const input = z
  .object({
    parent: gid.describe('The gid of the task to create the subtask under, e.g. "1204000000000019".'),
    name: writableTaskFields.name,
    notes: writableTaskFields.notes.optional(),
    assignee: writableTaskFields.assignee.optional(),
    due_on: writableTaskFields.due_on.optional(),
    due_at: writableTaskFields.due_at.optional(),
    start_on: writableTaskFields.start_on.optional(),
    completed: writableTaskFields.completed.optional(),
    followers: z.array(userReference).optional().describe('People to add as followers (notified of changes): user gids, emails or "me".'),
  })
  .strict()
  .refine(...oneDue)
  .refine(...startWithDue);

type SubtaskInput = z.infer<typeof input>;

/** A subtask is looked for among its parent's subtasks. */
const search = (subtask: SubtaskInput): CreateSearch => (client) => ({ list: listSubtasks(client, subtask.parent), expected: { name: subtask.name, notes: subtask.notes ?? '' }, ref: taskRef, laterTasks: true });

export const subtaskCreate = defineAsanaAction({
  name: 'asana.subtask.create',
  reversibility: 'compensatable',
  description: 'Create a subtask (createSubtaskForTask); undone by deleting it to the trash, unless others changed it or added to it',
  input,
  // The create alone: an OAuth token carries its key in `external` (a personal token first notes the parent's subtasks).
  minimumRequests: 1,
  execute: ({ parent, ...body }, { client, idempotencyKey }) =>
    client.call('createSubtaskForTask', true, () => client.tasks.createSubtaskForTask({ data: withKey(body, client, idempotencyKey) }, parent, { opt_fields: TASK_FIELDS })),
  snapshot: (subtask, context) => noteCreatedBefore(search(subtask), context),
  lookup: (subtask, context) => findCreated(search(subtask), context, 'createSubtaskForTask', subtask),
  resource: (_input, task) => taskRef(task.gid),
  post: (_input, task) => taskSnapshot(task, []),
  compensation: (args) => ({ ...deleteCreatedTask(args, 'subtask'), dependsOn: [taskRef(args.input.parent)] }),
});
