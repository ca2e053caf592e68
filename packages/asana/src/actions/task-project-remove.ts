// asana.task.project.remove: take a task out of a project. Inverse: add it back in the same section and
// position, unless someone put it back (or elsewhere) since.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreProjectMembership } from '../compensations.js';
import { taskRef, taskSnapshot } from '../snapshot.js';
import { snapshotWithSectionPosition } from './positions.js';
import { gid } from './task-input.js';

const input = z
  .object({
    gid: gid.describe('The gid of the task to take out of the project (the task itself stays).'),
    project: gid.describe('The gid of the project to remove it from.'),
  })
  .strict();

export const taskProjectRemove = defineAsanaAction({
  name: 'asana.task.project.remove',
  reversibility: 'reversible',
  description: 'Remove a task from a project (removeProjectForTask); undone by adding it back in the same section and position',
  input,
  // The task read and its section's tasks (its position), the write, and the task read again: the answer is empty,
  // and leaving a project takes that project's custom fields off the task.
  minimumRequests: 4,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid, project }, { client }) => snapshotWithSectionPosition(client, taskGid, project),
  execute: async ({ gid: taskGid, project }, { client }) => {
    await client.call('removeProjectForTask', true, () => client.tasks.removeProjectForTask({ data: { project } }, taskGid));
    return client.readAfterWrite('getTask', () => client.tasks.getTask(taskGid, { opt_fields: TASK_FIELDS }));
  },
  lookup: async ({ gid: taskGid, project }, { client }) => {
    const task = await client.findTask(taskGid);
    return task && !(task.memberships as AsanaObject[]).some((membership) => membership.project?.gid === project) ? task : undefined;
  },
  post: (_input, task) => taskSnapshot(task),
  compensation: (args) => restoreProjectMembership(args, `add task ${args.input.gid} back to project ${args.input.project}, in its section and position`),
});
