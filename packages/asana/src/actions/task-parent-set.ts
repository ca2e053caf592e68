// asana.task.parent.set: make a task a subtask of another (or top-level). Inverse: set the previous parent
// back, at the same place among its subtasks.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreTaskFields } from '../compensations.js';
import { taskRef, taskSnapshot } from '../snapshot.js';
import { positionsOf, snapshotWithSubtaskPosition } from './positions.js';
import { gid } from './task-input.js';

const input = z
  .object({
    gid: gid.describe('The gid of the task to move.'),
    parent: gid.nullable().describe('The gid of the task to make it a subtask of, or null to make it a top-level task again.'),
    insert_before: gid
      .nullable()
      .optional()
      .describe('The gid of a subtask of the new parent to place it before, or null for the end of the list. Not with insert_after.'),
    insert_after: gid
      .nullable()
      .optional()
      .describe('The gid of a subtask of the new parent to place it after, or null for the start of the list. Not with insert_before.'),
  })
  .strict()
  .refine((value) => value.insert_before === undefined || value.insert_after === undefined, { message: 'give insert_before or insert_after, not both' })
  .refine((value) => value.parent !== value.gid, { message: 'a task cannot be its own parent', path: ['parent'] });

export const taskParentSet = defineAsanaAction({
  name: 'asana.task.parent.set',
  reversibility: 'reversible',
  description: "Set a task's parent (setParentForTask); undone by setting the previous parent back at the same position",
  input,
  // The task read (and its siblings, for its position, when it has a parent), then the write, whose answer is the post-state.
  minimumRequests: 2,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid }, { client }) => snapshotWithSubtaskPosition(client, taskGid),
  execute: ({ gid: taskGid, ...body }, { client }) => client.call('setParentForTask', true, () => client.tasks.setParentForTask({ data: body }, taskGid, { opt_fields: TASK_FIELDS })),
  lookup: async ({ gid: taskGid, parent }, { client }) => {
    const task = await client.findTask(taskGid);
    return task && (task.parent?.gid ?? null) === parent ? task : undefined;
  },
  post: (_input, task) => taskSnapshot(task),
  compensation: (args) => {
    const { input: { gid: taskGid, parent }, pre } = args;
    return restoreTaskFields(args, {
      positions: positionsOf(pre, ['parent']),
      fields: ['parent'],
      // Back under its former parent: a task of this session the same rollback deletes keeps it (someone
      // else's subtask moved back into it), unless the rollback takes this one away too.
      ...(typeof pre?.parent === 'string' ? { into: [taskRef(pre.parent)] } : {}),
      // Under its new parent it sits inside that task: a rollback that takes the parent away (one that
      // selects only the agent's creation of it, say) brings this move back along, run first.
      ...(parent ? { dependsOn: [taskRef(parent)] } : {}),
      // The undo takes it back out of that new parent: not someone's subtask kept there, when the same
      // rollback deletes the new parent (the agent's creation of it).
      ...(typeof args.post?.parent === 'string' && args.post.parent !== pre?.parent ? { outOf: [taskRef(args.post.parent)] } : {}),
      description: pre?.parent ? `make task ${taskGid} a subtask of ${String(pre.parent)} again` : `make task ${taskGid} a top-level task again`,
    });
  },
});
