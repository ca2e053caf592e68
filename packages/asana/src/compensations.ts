// What the inverses share: the one operation several actions stage (asana.task.restore, putting a task's
// fields back for task.update and the project, parent, tag and follower actions), its input schema and
// the builder of its staged inverses; and `deleted` and the journal's gid, which the delete inverses
// declared beside task.create and story.create use. Every other inverse is declared beside the action
// that stages it. Each is safe to run again (deleting what is gone succeeds; restoring sets values, it
// does not toggle them). Each answers with the state Asana's own answer shows (gone, or the task its last
// write returned), which the rollback verifies instead of reading again; where Asana answers with
// nothing, it reads.
import { z } from 'zod';
import { doneWhenGone, restoreFields, type Compensation, type CompensationArgs, type CompensationOperation, type CompensationReport, type Json, type Snapshot } from '@backspace/core/adapter-kit';
import { sameJson } from '@backspace/core';
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
  html_notes: z.string().regex(/^<body>[\s\S]*<\/body>$/, 'rich text in <body> tags').nullable(),
  assignee: journaledGid.nullable(),
  due: z.union([date, z.iso.datetime({ offset: true })]).nullable(),
  start_on: date.nullable(),
  completed: z.boolean(),
  parent: journaledGid.nullable(),
  [MEMBERSHIPS_FIELD]: z.record(journaledGid, journaledGid.nullable()).nullable(),
};
/** A custom field's value: text, a number, or an enum option's gid; null when empty. */
const customFieldValue = z.union([z.string(), z.number()]).nullable();
const relationValue: Record<string, z.ZodType> = {
  project: journaledGid.nullable(),
  tag: present,
  follower: present,
  custom_field: customFieldValue,
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
    /**
     * For a task the agent added to a project: the custom fields that project brought to it, each with
     * the value the agent's write left. Taking the task out of the project takes them along, so it is
     * left in place where one holds another value now (someone triaged the task there).
     */
    brought: z.record(z.string().regex(/^custom_field:\d+$/, 'custom_field:<gid>'), customFieldValue).optional(),
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
async function restoreTask({ gid, values, positions = {}, brought = {} }: RestoreInput, client: AsanaClient, current: Snapshot | null | undefined): Promise<CompensationReport | undefined> {
  // Staged without them; the engine adds the values to restore before it runs the step.
  if (!values) throw new TypeError('asana.task.restore: no values to restore');
  const triaged = leavingTriaged(values, brought, current);
  if (triaged) return { keptBecause: triaged };
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
  // The description with its formatting sets its plain text too (never both in one request): it is put
  // back only while it is as the agent left it, and so is the plain text it holds. An unknown formatting
  // (null) puts back the plain text alone.
  if (typeof update.html_notes === 'string') delete update.notes;
  else delete update.html_notes;
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
 * Why the task stays in a project the restore would take it out of: a custom field that project brought
 * holds another value than the agent's write left, in the state planning read for the step (`current`,
 * no request of its own). Undefined when nothing stops it.
 */
function leavingTriaged(values: Record<string, unknown>, brought: Record<string, unknown>, current: Snapshot | null | undefined): string | undefined {
  if (!current || !Object.entries(values).some(([name, value]) => name.startsWith('project:') && value === null)) return undefined;
  const set = Object.entries(brought).filter(([name, value]) => !sameJson(current[name] ?? null, (value ?? null) as Json)).map(([name]) => name);
  if (set.length === 0) return undefined;
  return `${set.join(', ')} set since the agent added the task to the project: taking the task out would take ${set.length === 1 ? 'that value' : 'those values'} along`;
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
  'asana.task.restore': { input: restoreInput, run: (input: RestoreInput, { client, pre }) => restoreTask(input, client, pre) },
};

/** What a task restore is staged with beside the action's own arguments. */
type TaskRestoreSpec = Pick<Compensation, 'fields' | 'description' | 'into'> & {
  /** For `project:<gid>` and `parent`: where the task stood before, as `positionsOf` gives it. */
  positions?: Record<string, string | null>;
  /** For a project the agent added the task to: the custom fields it brought, as the write left them. */
  brought?: Record<string, Json>;
};

/**
 * The inverse that puts back the task's `fields` the agent changed (three-way, field by field), each
 * expected back at its pre-state value; `positions`, when given, go in its input.
 */
export function restoreTaskFields(args: CompensationArgs<{ gid: string }, unknown>, { positions, brought, ...spec }: TaskRestoreSpec): Compensation {
  const { gid } = args.input;
  const input = { gid, ...(positions ? { positions } : {}), ...(brought && Object.keys(brought).length > 0 ? { brought } : {}) };
  return restoreFields(args, { operation: 'asana.task.restore', input, ...spec });
}

/**
 * The inverse of a task's move into, within or out of a project: its membership there put back, in its
 * section after the same task (or taken away), with the whole `memberships` too, so a guard on this task
 * planned after this step sees them as it leaves them. Without a pre-state it expects the task in no
 * project.
 */
export function restoreProjectMembership(args: CompensationArgs<{ gid: string; project: string }, unknown>, description: string): Compensation {
  const { input: { project }, pre, post } = args;
  const membership = field.project(project);
  // Added to a project it was not in: the custom fields the project brought, which leave with it.
  const brought = pre?.[membership] ? {} : Object.fromEntries(Object.entries(post ?? {}).filter(([name]) => name.startsWith('custom_field:') && !(pre && name in pre))) as Record<string, Json>;
  return {
    ...restoreTaskFields(args, { positions: positionsOf(pre, [membership]), fields: [membership, MEMBERSHIPS_FIELD], brought, description }),
    expect: { fields: { [membership]: pre?.[membership] ?? null, [MEMBERSHIPS_FIELD]: pre?.[MEMBERSHIPS_FIELD] ?? {} } },
  };
}
