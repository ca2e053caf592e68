// asana.task.project.remove: take a task out of a project. Inverse: add it back in the same section and
// position, unless someone put it back (or elsewhere) since.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { field, MEMBERSHIPS_FIELD, taskRef, taskSnapshot } from '../snapshot.js';
import { positionsOf, snapshotWithSectionPosition } from './positions.js';
import { gid } from './task-input.js';

const input = z
  .object({
    gid: gid.describe('The gid of the task to take out of the project (the task itself stays).'),
    project: gid.describe('The gid of the project to remove it from.'),
  })
  .strict();

export const taskProjectRemove = defineAction<z.infer<typeof input>, AsanaObject, AsanaClient>({
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
    return client.call<AsanaObject>('getTask', false, () => client.tasks.getTask(taskGid, { opt_fields: TASK_FIELDS }));
  },
  lookup: async ({ gid: taskGid, project }, { client }) => {
    const task = await client.findTask(taskGid);
    return task && !(task.memberships as AsanaObject[]).some((membership) => membership.project?.gid === project) ? task : undefined;
  },
  resource: ({ gid: taskGid }) => taskRef(taskGid),
  post: (_input, task) => taskSnapshot(task),
  compensation: ({ input: { gid: taskGid, project }, resource, pre, post }) => {
    // The whole `memberships` too, so a guard on this task planned after this step sees them as it leaves them.
    const membership = field.project(project);
    const fields = [membership, MEMBERSHIPS_FIELD];
    return {
      operation: 'asana.task.restore',
      resource,
      input: { gid: taskGid, positions: positionsOf(pre, [membership]) },
      strategy: 'restore-fields',
      fields,
      pre,
      post,
      expect: { fields: { [membership]: pre?.[membership] ?? null, [MEMBERSHIPS_FIELD]: pre?.[MEMBERSHIPS_FIELD] ?? {} } },
      description: `add task ${taskGid} back to project ${project}, in its section and position`,
    };
  },
});
