// asana.task.project.add: add a task to a project (or move it within one). Inverse: take it out again,
// or put it back in the section and position it held before (three-way on that membership).
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreProjectMembership } from '../compensations.js';
import { field, MEMBERSHIPS_FIELD, taskRef, taskSnapshot, VERSION_FIELD } from '../snapshot.js';
import { changedBySelfSince } from '../task-stories.js';
import { snapshotWithSectionPosition } from './positions.js';
import { gid } from './task-input.js';

const input = z
  .object({
    gid: gid.describe('The gid of the task to add to the project (or to move within it).'),
    project: gid.describe('The gid of the project, e.g. "1204000000000201".'),
    section: gid.optional().describe('The gid of a section of the project to put the task in; alone, the task goes to the end of that section.'),
    insert_before: gid
      .nullable()
      .optional()
      .describe('The gid of a task in the project (in section, if given) to place it before, or null for the end. Not with insert_after.'),
    insert_after: gid
      .nullable()
      .optional()
      .describe('The gid of a task in the project (in section, if given) to place it after, or null for the start. Not with insert_before.'),
  })
  .strict()
  .refine((value) => value.insert_before === undefined || value.insert_after === undefined, { message: 'give insert_before or insert_after, not both' });

export const taskProjectAdd = defineAsanaAction({
  name: 'asana.task.project.add',
  reversibility: 'reversible',
  description: 'Add a task to a project, in a section and position (addProjectForTask); undone by removing it, or moving it back where it was',
  input,
  // The task read, the write, and the task read again: the answer is empty, and joining a project brings its custom fields.
  minimumRequests: 3,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid, project }, { client }) => snapshotWithSectionPosition(client, taskGid, project),
  // The answer is empty; the task read afterwards is the result, so the post-state needs no third read.
  execute: async ({ gid: taskGid, ...body }, { client }) => {
    await client.call('addProjectForTask', true, () => client.tasks.addProjectForTask({ data: body }, taskGid));
    return client.readAfterWrite('getTask', () => client.tasks.getTask(taskGid, { opt_fields: TASK_FIELDS }));
  },
  // Joining a project is idempotent: a lost answer counts as written once the task is in it (in the
  // section asked for). In another section of it (a person moved it since), it landed if the token's own
  // user added it to the project, or moved it, after the pre-state's version (the task's stories): it then
  // answers as the write left the task, so the rollback undoes what is still the agent's.
  lookup: async ({ gid: taskGid, project, section }, { client, pre }) => {
    const task = await client.findTask(taskGid);
    const memberships = (task?.memberships ?? []) as AsanaObject[];
    const holds = memberships.find((membership) => membership.project?.gid === project);
    if (!task || !holds) return undefined;
    if (section === undefined || holds.section?.gid === section) return task;
    const since = pre?.[VERSION_FIELD];
    const traces = pre?.[field.project(project)] ? [field.project(project), MEMBERSHIPS_FIELD] : [field.project(project)];
    if (typeof since !== 'string' || !(await changedBySelfSince(client, taskGid, traces, since))) return undefined;
    return { ...task, memberships: memberships.map((membership) => (membership === holds ? { ...membership, section: { gid: section, resource_type: 'section' } } : membership)) };
  },
  post: (_input, task) => taskSnapshot(task),
  compensation: (args) => {
    const { input: { gid: taskGid, project }, pre } = args;
    return restoreProjectMembership(args, pre?.[field.project(project)] ? `move task ${taskGid} back to its earlier section of project ${project}` : `remove task ${taskGid} from project ${project}`);
  },
});
