// The operations compensations name: delete a task, delete a comment, restore a task's fields. Each is
// safe to run again (deleting what is gone succeeds; restoring sets values, it does not toggle them).
import type { CompensationOperation, Json } from '@backspace/core';
import type { AsanaClient } from './client.js';
import { dueValue, MEMBERSHIPS_FIELD, PLAIN_FIELDS } from './snapshot.js';
import { asanaCompensationInputs as inputs } from './compensation-inputs.js';

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;
const isBadRequest = (error: unknown) => (error as { status?: number }).status === 400;

async function ignoreNotFound(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

interface RestoreInput {
  gid: string;
  /** Field name to the value it had before the agent (the engine passes only those to restore). */
  values: Record<string, Json>;
  /** For `project:<gid>` and `parent`: the task that stood just before this one, null for first. */
  positions?: Record<string, string | null>;
}

/** Puts back `values`: plain and custom fields in one update, each relation through its own endpoint. */
async function restoreTask({ gid, values, positions = {} }: RestoreInput, client: AsanaClient): Promise<void> {
  const update: Record<string, Json> = {};
  const customFields: Record<string, Json> = {};
  const relations: Array<() => Promise<unknown>> = [];
  for (const [name, value] of Object.entries(values)) {
    const [kind, target] = name.includes(':') ? [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)] : [name, ''];
    if (name === 'due') Object.assign(update, dueUpdate(value as string | null));
    else if ((PLAIN_FIELDS as readonly string[]).includes(name)) update[name] = value;
    // The projects the task is in: the `project:<gid>` fields beside it carry each change.
    else if (name === MEMBERSHIPS_FIELD) continue;
    else if (kind === 'custom_field') customFields[target] = value;
    else if (kind === 'project') relations.push(() => (value === null ? removeProject(client, gid, target) : addProject(client, gid, target, String(value), positions[name])));
    else if (kind === 'tag') relations.push(() => client.call(value ? 'addTagForTask' : 'removeTagForTask', true, () => (value ? client.tasks.addTagForTask({ data: { tag: target } }, gid) : client.tasks.removeTagForTask({ data: { tag: target } }, gid))));
    else if (kind === 'follower') relations.push(() => client.call(value ? 'addFollowersForTask' : 'removeFollowerForTask', true, () => (value ? client.tasks.addFollowersForTask({ data: { followers: [target] } }, gid, {}) : client.tasks.removeFollowerForTask({ data: { followers: [target] } }, gid, {}))));
    else if (name === 'parent') relations.push(() => setParent(client, gid, value as string | null, positions.parent));
    else throw new TypeError(`asana.task.restore: cannot restore field "${name}"`);
  }
  if (Object.keys(customFields).length > 0) update.custom_fields = customFields;
  // Asana takes start_on only with due_on or due_at beside it: restoring the start date alone repeats the
  // task's due as it is now (read just before, so a due someone set since is kept).
  if ('start_on' in update && !('due' in values)) Object.assign(update, dueUpdate(await currentDue(client, gid)));
  if (Object.keys(update).length > 0) await client.call('updateTask', true, () => client.tasks.updateTask({ data: update }, gid, { opt_fields: 'gid' }));
  for (const relation of relations) await relation();
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

async function setParent(client: AsanaClient, gid: string, parent: string | null, after: string | null | undefined): Promise<void> {
  const placed = parent !== null && after !== undefined ? { insert_after: after } : {};
  try {
    await client.call('setParentForTask', true, () => client.tasks.setParentForTask({ data: { parent, ...placed } }, gid, { opt_fields: 'gid' }));
  } catch (error) {
    if (!isBadRequest(error) || Object.keys(placed).length === 0) throw error;
    await client.call('setParentForTask', true, () => client.tasks.setParentForTask({ data: { parent } }, gid, { opt_fields: 'gid' }));
  }
}

export function asanaCompensations(client: AsanaClient): Record<string, CompensationOperation<AsanaClient>> {
  return {
    'asana.task.delete': { input: inputs['asana.task.delete'], run: ({ gid }: { gid: string }) => ignoreNotFound(() => client.call('deleteTask', true, () => client.tasks.deleteTask(gid))) },
    'asana.story.delete': { input: inputs['asana.story.delete'], run: ({ gid }: { gid: string }) => ignoreNotFound(() => client.call('deleteStory', true, () => client.stories.deleteStory(gid))) },
    'asana.task.restore': { input: inputs['asana.task.restore'], run: (input: RestoreInput) => restoreTask(input, client) },
  };
}
