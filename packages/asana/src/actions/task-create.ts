// asana.task.create: create a task. Inverse: delete it (to Asana's trash), unless others changed it, put
// it in another project, linked it to another task, or added subtasks, comments or attachments to it since:
// a conflict, left for a person.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { guardedUndo, ProviderError, type ActionContext, type Compensation, type CompensationArgs, type Snapshot } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { deleted, journaledGid } from '../compensations.js';
import { CONTENTS_FIELD, field, MEMBERSHIPS_FIELD, PLAIN_FIELDS, taskRef, taskSnapshot, VERSION_FIELD } from '../snapshot.js';
import { findNewMatch, noteMatchesBefore, type MatchSearch } from './find-again.js';
import { gid, oneDue, startWithDue, userReference, writableTaskFields } from './task-input.js';

const createFields = {
  name: writableTaskFields.name,
  notes: writableTaskFields.notes.optional(),
  assignee: writableTaskFields.assignee.optional(),
  due_on: writableTaskFields.due_on.optional(),
  due_at: writableTaskFields.due_at.optional(),
  start_on: writableTaskFields.start_on.optional(),
  completed: writableTaskFields.completed.optional(),
  custom_fields: writableTaskFields.custom_fields.optional(),
  workspace: gid.optional().describe('The gid of the workspace to create the task in. Needed only when neither projects nor parent is given.'),
  projects: z.array(gid).optional().describe('Gids of the projects to put the task in, e.g. ["1204000000000201"].'),
  parent: gid.optional().describe('The gid of a task to create this one under, as a subtask. Leave out for a top-level task.'),
  tags: z.array(gid).optional().describe('Gids of tags to put on the task (tag gids, not names).'),
  followers: z.array(userReference).optional().describe('People to add as followers (notified of changes): user gids, emails or "me".'),
};

const createInput = z.object(createFields).strict().refine(...oneDue).refine(...startWithDue);

export type TaskCreateInput = z.infer<typeof createInput>;

/** The key goes in `external.gid` where the token may write it (OAuth apps). */
export function withKey(body: Record<string, unknown>, client: AsanaClient, key: string): Record<string, unknown> {
  return client.tokenKind === 'oauth' ? { ...body, external: { gid: key } } : body;
}

/** Where a keyless create (personal token) went, to find it again: null when it went nowhere listable. */
export type CreateSearch = (client: AsanaClient) => MatchSearch | null;

/**
 * Personal tokens only (an OAuth create carries its key): notes which identical tasks exist before the
 * write, so a lookup after a lost answer never takes one of them for this attempt's.
 */
export async function noteCreatedBefore(search: CreateSearch, context: ActionContext<AsanaClient>): Promise<Snapshot | null> {
  if (context.client.tokenKind === 'oauth') return null;
  const where = search(context.client);
  return where ? noteMatchesBefore(where, context) : null;
}

/** What a create sent that a task found again is compared with: the fields of task and subtask creates. */
export type SentTask = Pick<TaskCreateInput, 'name' | 'notes' | 'assignee' | 'due_on' | 'due_at' | 'start_on' | 'completed'> & Partial<Pick<TaskCreateInput, 'projects' | 'tags' | 'parent'>>;

/**
 * By key (`external:KEY`) for OAuth tokens; otherwise a matching task that did not exist before this
 * attempt. Answered as the create made it (`asCreated`), not as it reads now.
 */
export async function findCreated(search: CreateSearch, context: ActionContext<AsanaClient>, operation: string, sent: SentTask): Promise<AsanaObject | undefined> {
  const { client, idempotencyKey } = context;
  if (client.tokenKind === 'oauth') {
    const found = await client.findTask(`external:${idempotencyKey}`);
    return found ? asCreated(found, sent) : undefined;
  }
  const where = search(client);
  if (!where) {
    throw new ProviderError(`asana ${operation}: the answer was lost, and with a personal access token a task in no project, under no parent and assigned to nobody cannot be found again; check Asana before retrying`, { provider: 'asana', outcomeUnknown: true });
  }
  const match = await findNewMatch(where, context, operation);
  const found = match ? await client.findTask(match.gid) : null;
  return found ? asCreated(found, sent) : undefined;
}

/**
 * A task found again after a lost answer, as the create made it: the name, notes, dates, completion and
 * parent it sent, an assignee it named by gid, its tags and projects (others' tags and projects left
 * out), the rest as found. What people changed since then shows against it, so the guard keeps a task a person
 * renamed, tagged or put in their project, as it would had the answer come back.
 */
export function asCreated(task: AsanaObject, sent: SentTask): AsanaObject {
  const projects = new Set(sent.projects ?? []);
  const tags = new Set(sent.tags ?? []);
  return {
    ...task,
    name: sent.name,
    notes: sent.notes ?? '',
    due_on: sent.due_on ?? (sent.due_at ? task.due_on : null),
    due_at: sent.due_at ?? null,
    start_on: sent.start_on ?? null,
    completed: sent.completed ?? false,
    // Under the parent it was sent to (none: top-level): a move since, by anyone, shows against it.
    parent: sent.parent ? { gid: sent.parent, resource_type: 'task' } : null,
    ...(sent.assignee == null ? { assignee: null } : /^\d+$/.test(sent.assignee) ? { assignee: { gid: sent.assignee } } : {}),
    memberships: ((task.memberships ?? []) as AsanaObject[]).filter((membership) => projects.has(String(membership.project?.gid))),
    // A create links to no other task: any link found is someone's since.
    dependencies: [],
    dependents: [],
    tags: ((task.tags ?? []) as AsanaObject[]).filter((tag) => tags.has(tag.gid)),
  };
}

/** The tasks modified since a time in one list: a project's, or an assignee's in a workspace. */
export function listTasks(client: AsanaClient, filter: { project: string } | { assignee: string; workspace: string }) {
  return (since: string) => client.listAll('getTasks', (paging) => client.tasks.getTasks({ ...paging, ...filter, modified_since: since, opt_fields: MATCH_FIELDS }));
}

/** A parent's subtasks (Asana filters them by nothing; lists of subtasks are short). */
export function listSubtasks(client: AsanaClient, parent: string) {
  return () => client.listAll('getSubtasksForTask', (paging) => client.tasks.getSubtasksForTask(parent, { ...paging, opt_fields: MATCH_FIELDS }));
}

const MATCH_FIELDS = 'name,notes,created_by,created_at';

/**
 * Delete while nobody built on the task: every field as the agent left it, and nothing inside it by
 * others. Staged by asana.task.create and asana.subtask.create; its operation is declared beside
 * asana.task.create.
 */
export function deleteCreatedTask(args: CompensationArgs<unknown, AsanaObject>, what: string): Compensation {
  const { resource, post } = args;
  // The task did not exist before: what the snapshot noted (the identical tasks already there) is no pre-state.
  return guardedUndo({ ...args, pre: null }, {
    operation: 'asana.task.delete',
    input: { gid: resource.id },
    // Every field the agent left (custom fields, projects, tags too) and the projects it is in: any change
    // by someone else means they built on the task. A tag or custom field value put on since is one too
    // (a person triaged it): every `tag:` and `custom_field:` field, as the agent left it or as it now is.
    // So is a link to another task (`dependency:`, `dependent:`): deleting the task would drop it from the
    // person's task too. Its subtasks, comments and attachments are its `contents`: deleting it would take them along, so any that
    // neither the agent left nor this rollback removes first (a person's, or another session's on the
    // same token) make it a conflict, and it stays.
    fields: [...new Set([...PLAIN_FIELDS, MEMBERSHIPS_FIELD, field.tag('*'), field.customField('*'), field.dependency('*'), field.dependent('*'), ...Object.keys(post ?? {})])].filter((name) => name !== CONTENTS_FIELD && name !== VERSION_FIELD),
    contents: CONTENTS_FIELD,
    expect: { absent: true },
    description: `delete ${what} ${resource.id}`,
    residue: `${what} ${resource.id} sits in Asana's trash (a person can restore it from there)`,
  });
}

/** What the delete inverse names: one task (or subtask), by its gid. */
const deleteInput = z.object({ gid: journaledGid }).strict();

/** Where a create with this input goes: the first project, else the parent, else the assignee's tasks. */
const createSearch = (task: TaskCreateInput): CreateSearch => (client) => {
  const found = { expected: { name: task.name, notes: task.notes ?? '' }, ref: taskRef, laterTasks: true };
  const { projects, parent, assignee, workspace } = task;
  if (projects?.[0]) return { list: listTasks(client, { project: projects[0] }), ...found };
  if (parent) return { list: listSubtasks(client, parent), ...found };
  if (assignee && workspace) return { list: listTasks(client, { assignee, workspace }), ...found };
  return null;
};

export const taskCreate = defineAsanaAction({
  name: 'asana.task.create',
  reversibility: 'compensatable',
  description: 'Create a task (createTask); undone by deleting it to the trash, unless others changed it or added to it',
  input: createInput,
  // The create alone: an OAuth token carries its key in `external` (a personal token first notes the identical tasks there).
  minimumRequests: 1,
  execute: (body, { client, idempotencyKey }) =>
    client.call('createTask', true, () => client.tasks.createTask({ data: withKey(body, client, idempotencyKey) }, { opt_fields: TASK_FIELDS })),
  // Personal tokens cannot carry the key: note the identical tasks there before, find only a new one after.
  snapshot: (task, context) => noteCreatedBefore(createSearch(task), context),
  lookup: (task, context) => findCreated(createSearch(task), context, 'createTask', task),
  resource: (_input, task) => taskRef(task.gid),
  post: (_input, task) => taskSnapshot(task, []),
  // Created under a parent, it sits inside that task: a rollback that takes the parent away (one that
  // selects only the parent's creation, say) brings this one along, undone first, as for a subtask.
  compensation: (args) => {
    const undo = deleteCreatedTask(args, 'task');
    return args.input.parent ? { ...undo, dependsOn: [taskRef(args.input.parent)] } : undo;
  },
  inverses: {
    // asana.subtask.create stages it too (a subtask is a task): declared once, here.
    'asana.task.delete': {
      input: deleteInput,
      run: ({ gid: taskGid }: z.infer<typeof deleteInput>, { client }) => deleted(() => client.call('deleteTask', true, () => client.tasks.deleteTask(taskGid))),
    },
  },
});
