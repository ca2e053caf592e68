// The operations compensations name: delete a task, delete a comment, restore a task's fields. Each is
// safe to run again (deleting what is gone succeeds; restoring sets values, it does not toggle them).
// Each answers with the state Asana's own answer shows (gone, or the task its last write returned),
// which the rollback verifies instead of reading again; where Asana answers with nothing, it reads.
import type { CompensationOperation, CompensationReport, Json } from '@backspace/core';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from './client.js';
import { answeredTask, dueValue, MEMBERSHIPS_FIELD, PLAIN_FIELDS } from './snapshot.js';
import { asanaCompensationInputs as inputs } from './compensation-inputs.js';

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;
const isBadRequest = (error: unknown) => (error as { status?: number }).status === 400;

/** Deleted, or gone already (Asana answers 404, as a read then would): absent either way. */
async function deleted(write: () => Promise<unknown>): Promise<CompensationReport> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return { observed: null };
}

interface RestoreInput {
  gid: string;
  /** Field name to the value it had before the agent (the engine passes only those to restore). */
  values: Record<string, Json>;
  /** For `project:<gid>` and `parent`: the task that stood just before this one, null for first. */
  positions?: Record<string, string | null>;
}

/** The task, from a write Asana answers with it; nothing from one it answers with an empty object. */
type RelationWrite = () => Promise<AsanaObject | undefined>;
const emptyAnswer = async (write: () => Promise<unknown>) => void (await write());

/**
 * Puts back `values`: plain and custom fields in one update, each relation through its own endpoint.
 * Its answer is the task as the last write returned it (the update, setParent, the follower endpoints),
 * unless that write answers with nothing (projects, tags): then the rollback reads it.
 */
async function restoreTask({ gid, values, positions = {} }: RestoreInput, client: AsanaClient): Promise<CompensationReport | undefined> {
  const update: Record<string, Json> = {};
  const customFields: Record<string, Json> = {};
  const relations: RelationWrite[] = [];
  for (const [name, value] of Object.entries(values)) {
    const [kind, target] = name.includes(':') ? [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)] : [name, ''];
    if (name === 'due') Object.assign(update, dueUpdate(value as string | null));
    else if ((PLAIN_FIELDS as readonly string[]).includes(name)) update[name] = value;
    // The projects the task is in: the `project:<gid>` fields beside it carry each change.
    else if (name === MEMBERSHIPS_FIELD) continue;
    else if (kind === 'custom_field') customFields[target] = value;
    else if (kind === 'project') relations.push(() => emptyAnswer(() => (value === null ? removeProject(client, gid, target) : addProject(client, gid, target, String(value), positions[name]))));
    else if (kind === 'tag') relations.push(() => emptyAnswer(() => client.call(value ? 'addTagForTask' : 'removeTagForTask', true, () => (value ? client.tasks.addTagForTask({ data: { tag: target } }, gid) : client.tasks.removeTagForTask({ data: { tag: target } }, gid)))));
    else if (kind === 'follower') relations.push(() => client.call(value ? 'addFollowersForTask' : 'removeFollowerForTask', true, () => (value ? client.tasks.addFollowersForTask({ data: { followers: [target] } }, gid, { opt_fields: TASK_FIELDS }) : client.tasks.removeFollowerForTask({ data: { followers: [target] } }, gid, { opt_fields: TASK_FIELDS }))));
    else if (name === 'parent') relations.push(() => setParent(client, gid, value as string | null, positions.parent));
    else throw new TypeError(`asana.task.restore: cannot restore field "${name}"`);
  }
  if (Object.keys(customFields).length > 0) update.custom_fields = customFields;
  // Asana takes start_on only with due_on or due_at beside it: restoring the start date alone repeats the
  // task's due as it is now (read just before, so a due someone set since is kept).
  if ('start_on' in update && !('due' in values)) Object.assign(update, dueUpdate(await currentDue(client, gid)));
  let answered: AsanaObject | undefined;
  if (Object.keys(update).length > 0) answered = await client.call('updateTask', true, () => client.tasks.updateTask({ data: update }, gid, { opt_fields: TASK_FIELDS }));
  for (const relation of relations) answered = await relation();
  const observed = answeredTask(answered, Object.keys(values));
  return observed ? { observed } : undefined;
}

/**
 * A due time goes back as `due_at` (Asana derives the date), a date alone as `due_on` (which drops any
 * time), and none as `due_on: null`, which clears both. Never both at once: Asana takes one or the other.
 */
function dueUpdate(value: string | null): Record<string, Json> {
  if (value !== null && value.includes('T')) return { due_at: value };
  return { due_on: value };
}

async function currentDue(client: AsanaClient, gid: string): Promise<string | null> {
  const task = await client.call('getTask', false, () => client.tasks.getTask(gid, { opt_fields: 'due_on,due_at' }));
  return dueValue(task.due_at, task.due_on);
}

async function removeProject(client: AsanaClient, gid: string, project: string): Promise<void> {
  await client.call('removeProjectForTask', true, () => client.tasks.removeProjectForTask({ data: { project } }, gid));
}

/** Back in its section after the same neighbour; at the section's end if that neighbour has gone. */
async function addProject(client: AsanaClient, gid: string, project: string, section: string, after: string | null | undefined): Promise<void> {
  const placed = after === undefined ? {} : { insert_after: after };
  try {
    await client.call('addProjectForTask', true, () => client.tasks.addProjectForTask({ data: { project, section, ...placed } }, gid));
  } catch (error) {
    if (!isBadRequest(error) || after === undefined) throw error;
    await client.call('addProjectForTask', true, () => client.tasks.addProjectForTask({ data: { project, section } }, gid));
  }
}

/** Under its parent after the same sibling, or at the end if that sibling has gone; Asana answers with the task. */
async function setParent(client: AsanaClient, gid: string, parent: string | null, after: string | null | undefined): Promise<AsanaObject> {
  const placed = parent !== null && after !== undefined ? { insert_after: after } : {};
  try {
    return await client.call('setParentForTask', true, () => client.tasks.setParentForTask({ data: { parent, ...placed } }, gid, { opt_fields: TASK_FIELDS }));
  } catch (error) {
    if (!isBadRequest(error) || Object.keys(placed).length === 0) throw error;
    return client.call('setParentForTask', true, () => client.tasks.setParentForTask({ data: { parent } }, gid, { opt_fields: TASK_FIELDS }));
  }
}

export function asanaCompensations(client: AsanaClient): Record<string, CompensationOperation<AsanaClient>> {
  return {
    'asana.task.delete': { input: inputs['asana.task.delete'], run: ({ gid }: { gid: string }) => deleted(() => client.call('deleteTask', true, () => client.tasks.deleteTask(gid))) },
    'asana.story.delete': { input: inputs['asana.story.delete'], run: ({ gid }: { gid: string }) => deleted(() => client.call('deleteStory', true, () => client.stories.deleteStory(gid))) },
    'asana.task.restore': { input: inputs['asana.task.restore'], run: (input: RestoreInput) => restoreTask(input, client) },
  };
}
