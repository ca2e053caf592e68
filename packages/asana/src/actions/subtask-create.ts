// asana.subtask.create: create a subtask under a task. Inverse: delete the subtask (to the trash), unless
// others commented on or changed it since.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { taskRef, taskSnapshot } from '../snapshot.js';
import { deleteCreatedTask, findCreated, withKey } from './task-create.js';
import { gid, userReference, writableTaskFields } from './task-input.js';

const input = z
  .object({
    parent: gid,
    name: writableTaskFields.name,
    notes: writableTaskFields.notes.optional(),
    assignee: writableTaskFields.assignee.optional(),
    due_on: writableTaskFields.due_on.optional(),
    due_at: writableTaskFields.due_at.optional(),
    start_on: writableTaskFields.start_on.optional(),
    completed: writableTaskFields.completed.optional(),
    followers: z.array(userReference).optional(),
  })
  .strict();

export const subtaskCreate = defineAction<z.infer<typeof input>, AsanaObject, AsanaClient>({
  name: 'asana.subtask.create',
  reversibility: 'compensatable',
  description: 'Create a subtask (createSubtaskForTask); undone by deleting it to the trash, unless others commented on or changed it',
  input,
  execute: ({ parent, ...body }, { client, idempotencyKey }) =>
    client.call('createSubtaskForTask', true, () => client.tasks.createSubtaskForTask({ data: withKey(body, client, idempotencyKey) }, parent, { opt_fields: TASK_FIELDS })),
  lookup: (subtask, context) =>
    findCreated(
      context.client,
      context.idempotencyKey,
      () => context.client.listAll('getSubtasksForTask', (paging) => context.client.tasks.getSubtasksForTask(subtask.parent, { ...paging, opt_fields: 'name,notes,created_by,created_at' })),
      { name: subtask.name, notes: subtask.notes ?? '' },
      context,
    ),
  resource: (_input, task) => taskRef(task.gid),
  post: (_input, task) => taskSnapshot(task, 0),
  compensation: (args) => ({ ...deleteCreatedTask(args, 'subtask'), dependsOn: [taskRef(args.input.parent)] }),
});
