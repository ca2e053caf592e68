// asana.task.delete: delete a task. Asana's API has no undelete (only a person can restore it from the
// trash), so it is irreversible: the default policy holds it for approval.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import type { AsanaClient } from '../client.js';
import { taskRef } from '../snapshot.js';
import { gid } from './task-input.js';

const input = z.object({ gid: gid.describe('The gid of the task to delete, e.g. "1204000000000019".') }).strict();

export const taskDelete = defineAsanaAction({
  name: 'asana.task.delete',
  reversibility: 'irreversible',
  description: 'Delete a task (deleteTask); the API cannot bring it back',
  modelDescription:
    'Use this to delete an Asana task only when it must go entirely (e.g. created by mistake or holding data that must not stay); for finished or abandoned work, mark it complete with asana.task.update (completed: true) instead. It cannot be undone through the API, so it may wait for a person to approve it.',
  input,
  // The delete alone: nothing can undo it, so no pre-state is read.
  minimumRequests: 1,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  execute: async ({ gid: taskGid }, { client }) => {
    await client.call('deleteTask', true, () => client.tasks.deleteTask(taskGid));
    return { gid: taskGid, deleted: true as const };
  },
  // A delete whose answer was lost went through when the task is gone.
  lookup: async ({ gid: taskGid }, { client }) => ((await client.findTask(taskGid)) ? undefined : { gid: taskGid, deleted: true as const }),
  post: () => null,
  compensation: () => null,
});
