// asana.task.create: create a task. Inverse: delete it (to Asana's trash), unless others commented on or
// changed it since, which makes it a conflict left for a person to decide.
import { z } from 'zod';
import { defineAction, ProviderError, type Compensation, type CompensationArgs } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { PLAIN_FIELDS, taskRef, taskSnapshot } from '../snapshot.js';
import { gid, newestMatch, userReference, writableTaskFields } from './task-input.js';

const createFields = {
  name: writableTaskFields.name,
  notes: writableTaskFields.notes.optional(),
  assignee: writableTaskFields.assignee.optional(),
  due_on: writableTaskFields.due_on.optional(),
  due_at: writableTaskFields.due_at.optional(),
  start_on: writableTaskFields.start_on.optional(),
  completed: writableTaskFields.completed.optional(),
  custom_fields: writableTaskFields.custom_fields.optional(),
  workspace: gid.optional(),
  projects: z.array(gid).optional(),
  parent: gid.optional(),
  tags: z.array(gid).optional(),
  followers: z.array(userReference).optional(),
};

const createInput = z.object(createFields).strict();

export type TaskCreateInput = z.infer<typeof createInput>;

/** The key goes in `external.gid` where the token may write it (OAuth apps). */
export function withKey(body: Record<string, unknown>, client: AsanaClient, key: string): Record<string, unknown> {
  return client.tokenKind === 'oauth' ? { ...body, external: { gid: key } } : body;
}

/** By key (`external:KEY`) for OAuth tokens; otherwise by the matching rule among `candidates`. */
export async function findCreated(client: AsanaClient, key: string, listCandidates: () => Promise<AsanaObject[]>, expected: { name: string; notes?: string }, context: Parameters<typeof newestMatch>[2]): Promise<AsanaObject | undefined> {
  if (client.tokenKind === 'oauth') return (await client.findTask(`external:${key}`)) ?? undefined;
  const candidates = await listCandidates();
  const match = await newestMatch(candidates, expected, context);
  return match ? ((await client.findTask(match.gid)) ?? undefined) : undefined;
}

export function deleteCreatedTask({ resource, post }: CompensationArgs<unknown, AsanaObject>, what: string): Compensation {
  return {
    operation: 'asana.task.delete',
    resource,
    input: { gid: resource.id },
    strategy: 'guarded',
    // Every field the agent left (custom fields, projects, tags too) plus others' comments: any change by
    // someone else means they built on the task, and deleting it would take their work with it.
    fields: [...new Set([...PLAIN_FIELDS, 'comments', ...Object.keys(post ?? {})])],
    pre: null,
    post,
    expect: { absent: true },
    description: `delete ${what} ${resource.id}`,
    residue: `${what} ${resource.id} sits in Asana's trash (a person can restore it from there)`,
  };
}

export const taskCreate = defineAction<TaskCreateInput, AsanaObject, AsanaClient>({
  name: 'asana.task.create',
  reversibility: 'compensatable',
  description: 'Create a task (createTask); undone by deleting it to the trash, unless others commented on or changed it',
  input: createInput,
  execute: (body, { client, idempotencyKey }) =>
    client.call('createTask', true, () => client.tasks.createTask({ data: withKey(body, client, idempotencyKey) }, { opt_fields: TASK_FIELDS })),
  lookup: (task, context) =>
    findCreated(context.client, context.idempotencyKey, async () => {
      const { client } = context;
      // Personal tokens: look where the task went: the first project, else the parent, else the assignee's list.
      const listing = { opt_fields: 'name,notes,created_by,created_at' };
      const { projects, parent, assignee, workspace } = task;
      if (projects?.[0]) return client.listAll('getTasksForProject', (paging) => client.tasks.getTasksForProject(projects[0]!, { ...paging, ...listing }));
      if (parent) return client.listAll('getSubtasksForTask', (paging) => client.tasks.getSubtasksForTask(parent, { ...paging, ...listing }));
      if (assignee && workspace) return client.listAll('getTasks', (paging) => client.tasks.getTasks({ ...paging, ...listing, assignee, workspace }));
      throw new ProviderError('asana createTask: the answer was lost, and with a personal access token a task in no project, under no parent and assigned to nobody cannot be found again; check Asana before retrying', { provider: 'asana', outcomeUnknown: true });
    }, { name: task.name, notes: task.notes ?? '' }, context),
  resource: (_input, task) => taskRef(task.gid),
  post: (_input, task) => taskSnapshot(task, 0),
  compensation: (args) => deleteCreatedTask(args, 'task'),
});
