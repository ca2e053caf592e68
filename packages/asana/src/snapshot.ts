// A task as snapshots record it: flat fields a rollback compares one by one (three-way).
import type { Json, ResourceRef, Snapshot } from '@backspace/core';
import type { AsanaClient, AsanaObject } from './client.js';

/**
 * The plain fields `updateTask` writes and the restore compensation writes back. `due` is the task's due
 * time (`due_at`) when it has one, else its due date (`due_on`), else null: Asana derives one from the
 * other, so they are one field, restored and verified whole. `html_notes` is the description with its
 * formatting (links, bold, mentions), of which `notes` is the plain text: writing `notes` drops the
 * formatting, so a restore of the description puts back `html_notes`.
 */
export const PLAIN_FIELDS = ['name', 'notes', 'html_notes', 'assignee', 'due', 'start_on', 'completed'] as const;

/**
 * Relations are one field each, so a rollback restores exactly the ones the agent changed:
 * `project:<gid>` holds the section the task is in (absent: not in the project), `tag:<gid>` and
 * `follower:<gid>` are `true` when present, `custom_field:<gid>` holds the text, number or enum
 * option gid. `memberships` holds every project the task is in (project gid to section gid), so a
 * guard sees a project someone else added it to. `contents`, when the read asked for it, lists what
 * sits inside the task (its subtasks, comments and attachments) as resource keys. `dependency:<gid>` and
 * `dependent:<gid>` are `true` for each task this one waits on or blocks: links deleting it would undo.
 */
export const field = {
  project: (gid: string) => `project:${gid}`,
  tag: (gid: string) => `tag:${gid}`,
  follower: (gid: string) => `follower:${gid}`,
  customField: (gid: string) => `custom_field:${gid}`,
  dependency: (gid: string) => `dependency:${gid}`,
  dependent: (gid: string) => `dependent:${gid}`,
  /** Not compared: where the task stood in a list, so a compensation can put it back there. */
  after: (list: string) => `after:${list}`,
};

/**
 * The task's version marker, `modified_at`: any write moves it, a story's included (the adapter's
 * `versionField`). Never compared or restored; a rollback only asks whether it moved.
 */
export const VERSION_FIELD = 'modified_at';
/** The snapshot field that lists a task's subtasks and comments (`Compensation.contents`). */
export const CONTENTS_FIELD = 'contents';
/** The snapshot field that maps each project the task is in to its section. */
export const MEMBERSHIPS_FIELD = 'memberships';

export const taskRef = (gid: string): ResourceRef => ({ provider: 'asana', type: 'task', id: gid });
export const storyRef = (gid: string): ResourceRef => ({ provider: 'asana', type: 'story', id: gid });

/** A due time or date as the `due` field holds it: the time (UTC, ISO) when there is one, else the date. */
export function dueValue(dueAt: string | null | undefined, dueOn: string | null | undefined): string | null {
  if (dueAt) return new Date(dueAt).toISOString();
  return dueOn ?? null;
}

export function taskSnapshot(task: AsanaObject, contents?: string[]): Snapshot {
  const snapshot: Snapshot = {
    name: task.name ?? '',
    notes: task.notes ?? '',
    // Only where the answer gives it (every read asks for it); an answer without it says nothing of it.
    ...('html_notes' in task ? { html_notes: task.html_notes ?? null } : {}),
    assignee: task.assignee?.gid ?? null,
    due: dueValue(task.due_at, task.due_on),
    start_on: task.start_on ?? null,
    completed: Boolean(task.completed),
    parent: task.parent?.gid ?? null,
    [VERSION_FIELD]: task.modified_at ?? null,
  };
  const memberships: Record<string, Json> = {};
  for (const membership of (task.memberships ?? []) as AsanaObject[]) {
    if (!membership.project?.gid) continue;
    snapshot[field.project(membership.project.gid)] = membership.section?.gid ?? null;
    memberships[membership.project.gid] = membership.section?.gid ?? null;
  }
  snapshot[MEMBERSHIPS_FIELD] = memberships;
  for (const tag of (task.tags ?? []) as AsanaObject[]) snapshot[field.tag(tag.gid)] = true;
  for (const follower of (task.followers ?? []) as AsanaObject[]) snapshot[field.follower(follower.gid)] = true;
  for (const custom of (task.custom_fields ?? []) as AsanaObject[]) snapshot[field.customField(custom.gid)] = customValue(custom);
  for (const dependency of (task.dependencies ?? []) as AsanaObject[]) snapshot[field.dependency(dependency.gid)] = true;
  for (const dependent of (task.dependents ?? []) as AsanaObject[]) snapshot[field.dependent(dependent.gid)] = true;
  if (contents !== undefined) snapshot[CONTENTS_FIELD] = [...contents].sort();
  return snapshot;
}

/** What a snapshot is built from: an answer without one of these says nothing about the fields it gives. */
const SNAPSHOT_SOURCES = ['name', 'notes', 'assignee', 'due_on', 'due_at', 'start_on', 'completed', 'parent', 'memberships', 'tags', 'followers', 'custom_fields'];

/** Which list of the task's answer says whether a relation field (`tag:<gid>`, ...) is there. */
const RELATION_LISTS: Record<string, string> = { project: 'memberships', tag: 'tags', follower: 'followers', custom_field: 'custom_fields' };

/**
 * A task as a write's answer shows it (asked with `TASK_FIELDS`), in the snapshot form a read gives;
 * undefined when the answer lacks something a snapshot is built from (it says nothing then). The
 * relation fields `named` (those a compensation put on or took off) are stated either way: the answer
 * lists every tag, follower, project and custom field of the task, so one it does not list is not there.
 */
export function answeredTask(task: AsanaObject | undefined, named: string[]): Snapshot | undefined {
  if (!task || !SNAPSHOT_SOURCES.every((source) => source in task)) return undefined;
  const snapshot = taskSnapshot(task);
  for (const name of named) {
    const list = RELATION_LISTS[name.slice(0, name.indexOf(':'))];
    if (list && Array.isArray(task[list]) && !(name in snapshot)) snapshot[name] = null;
  }
  return snapshot;
}

function customValue(custom: AsanaObject): Json {
  if (custom.type === 'enum') return custom.enum_value?.gid ?? null;
  if (custom.type === 'number') return custom.number_value ?? null;
  return custom.text_value ?? null;
}

/** A task's snapshot without its contents (one request): what an action's pre-state needs. */
export async function readTaskSnapshot(client: AsanaClient, gid: string): Promise<Snapshot | null> {
  const task = await client.findTask(gid);
  return task ? taskSnapshot(task) : null;
}

/** Who saw or touched the task: its assignee and followers. */
export function taskActors(snapshot: Snapshot): string[] {
  const people = new Set<string>();
  if (typeof snapshot.assignee === 'string') people.add(`asana:user:${snapshot.assignee}`);
  for (const key of Object.keys(snapshot)) if (key.startsWith('follower:')) people.add(`asana:user:${key.slice('follower:'.length)}`);
  return [...people];
}
