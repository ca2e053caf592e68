// What the inverses share: the one operation several actions stage (asana.task.restore, putting a task's
// fields back for task.update and the project, parent, tag and follower actions), its input schema and
// the builder of its staged inverses; and `deleted` and the journal's gid, which the delete inverses
// declared beside task.create and story.create use. Every other inverse is declared beside the action
// that stages it. Each is safe to run again (deleting what is gone succeeds; restoring sets values, it
// does not toggle them). Each answers with the state Asana's own answer shows (gone, or the task its last
// write returned), which the rollback verifies instead of reading again; where Asana answers with
// nothing, it reads.
import { z } from 'zod';
import { doneWhenGone, restoreFields, type Compensation, type CompensationArgs, type CompensationOperation, type CompensationReport, type Json } from '@backspace/core/adapter-kit';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from './client.js';
import { answeredTask, dueValue, field, MEMBERSHIPS_FIELD, PLAIN_FIELDS } from './snapshot.js';
import { positionsOf } from './actions/positions.js';

const isBadRequest = (error: unknown) => (error as { status?: number }).status === 400;

/** A gid as Asana answers it and the journal keeps it: digits. What an inverse's input names is checked against it. */
export const journaledGid = z.string().regex(/^\d+$/, 'an Asana gid (digits)');

/** Deleted, or gone already (Asana answers 404, as a read then would): absent either way. */
export async function deleted(write: () => Promise<unknown>): Promise<CompensationReport> {
  await doneWhenGone(write);
  return { observed: null };
}

// What asana.task.restore accepts, checked by the rollback engine before it runs one read from the
// journal: gids typed, every field named, nothing else (an unknown argument could widen what the inverse
// touches). `values` is what the engine adds to a field restore: the fields it puts back.

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const present = z.literal(true).nullable();

/** A task's restorable fields as its snapshot holds them before the agent's write, by name or by `<relation>:<gid>`. */
const fieldValue: Record<string, z.ZodType> = {
  name: z.string(),
  notes: z.string(),
  assignee: journaledGid.nullable(),
  due: z.union([date, z.iso.datetime({ offset: true })]).nullable(),
  start_on: date.nullable(),
  completed: z.boolean(),
  parent: journaledGid.nullable(),
  [MEMBERSHIPS_FIELD]: z.record(journaledGid, journaledGid.nullable()).nullable(),
};
const relationValue: Record<string, z.ZodType> = {
  project: journaledGid.nullable(),
  tag: present,
  follower: present,
  custom_field: z.union([z.string(), z.number()]).nullable(),
};

function schemaOf(field: string): z.ZodType | undefined {
  const colon = field.indexOf(':');
  if (colon < 0) return fieldValue[field];
  return journaledGid.safeParse(field.slice(colon + 1)).success ? relationValue[field.slice(0, colon)] : undefined;
}

const taskValues = z.record(z.string(), z.json()).superRefine((values, context) => {
  for (const [field, value] of Object.entries(values)) {
    const schema = schemaOf(field);
    if (!schema) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a task restore puts back` });
    else if (!schema.safeParse(value).success) context.addIssue({ code: 'custom', path: [field], message: `${field} does not hold a value of its type` });
  }
});

const restoreInput = z
  .object({
    gid: journaledGid,
    /** Field name to the value it had before the agent (the engine adds only those to restore). */
    values: taskValues.optional(),
    /** For `project:<gid>` and `parent`: the task that stood just before this one, null for first. */
    positions: z.record(z.string().refine((name) => name === 'parent' || /^project:\d+$/.test(name), 'parent or project:<gid>'), journaledGid.nullable()).optional(),
  })
  .strict();

type RestoreInput = z.infer<typeof restoreInput>;

/** The task, from a write Asana answers with it; nothing from one it answers with an empty object. */
type RelationWrite = () => Promise<AsanaObject | undefined>;
const emptyAnswer = async (write: () => Promise<unknown>) => void (await write());

/**
 * Puts back `values`: plain and custom fields in one update, each relation through its own endpoint.
 * Its answer is the task as the last write returned it (the update, setParent, the follower endpoints),
 * unless that write answers with nothing (projects, tags): then the rollback reads it.
 */
async function restoreTask({ gid, values, positions = {} }: RestoreInput, client: AsanaClient): Promise<CompensationReport | undefined> {
  // Staged without them; the engine adds the values to restore before it runs the step.
  if (!values) throw new TypeError('asana.task.restore: no values to restore');
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

/** The operations several actions stage, which none of them owns; the others are declared beside their actions. */
export const compensations: Record<string, CompensationOperation<AsanaClient>> = {
  'asana.task.restore': { input: restoreInput, run: (input: RestoreInput, { client }) => restoreTask(input, client) },
};

/** What a task restore is staged with beside the action's own arguments. */
type TaskRestoreSpec = Pick<Compensation, 'fields' | 'description' | 'into'> & {
  /** For `project:<gid>` and `parent`: where the task stood before, as `positionsOf` gives it. */
  positions?: Record<string, string | null>;
};

/**
 * The inverse that puts back the task's `fields` the agent changed (three-way, field by field), each
 * expected back at its pre-state value; `positions`, when given, go in its input.
 */
export function restoreTaskFields(args: CompensationArgs<{ gid: string }, unknown>, { positions, ...spec }: TaskRestoreSpec): Compensation {
  const { gid } = args.input;
  return restoreFields(args, { operation: 'asana.task.restore', input: positions ? { gid, positions } : { gid }, ...spec });
}

/**
 * The inverse of a task's move into, within or out of a project: its membership there put back, in its
 * section after the same task (or taken away), with the whole `memberships` too, so a guard on this task
 * planned after this step sees them as it leaves them. Without a pre-state it expects the task in no
 * project.
 */
export function restoreProjectMembership(args: CompensationArgs<{ gid: string; project: string }, unknown>, description: string): Compensation {
  const { input: { project }, pre } = args;
  const membership = field.project(project);
  return {
    ...restoreTaskFields(args, { positions: positionsOf(pre, [membership]), fields: [membership, MEMBERSHIPS_FIELD], description }),
    expect: { fields: { [membership]: pre?.[membership] ?? null, [MEMBERSHIPS_FIELD]: pre?.[MEMBERSHIPS_FIELD] ?? {} } },
  };
}
