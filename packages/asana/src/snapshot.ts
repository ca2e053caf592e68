// A task as snapshots record it: flat fields a rollback compares one by one (three-way).
import type { Json, ResourceRef, Snapshot } from '@backspace/core';
import type { AsanaClient, AsanaObject } from './client.js';

/** The plain fields `updateTask` writes and the restore compensation writes back. */
export const PLAIN_FIELDS = ['name', 'notes', 'assignee', 'due_on', 'due_at', 'start_on', 'completed'] as const;

/**
 * Relations are one field each, so a rollback restores exactly the ones the agent changed:
 * `project:<gid>` holds the section the task is in (absent: not in the project), `tag:<gid>` and
 * `follower:<gid>` are `true` when present, `custom_field:<gid>` holds the text, number or enum
 * option gid. `comments` counts the task's comments, when the read asked for them.
 */
export const field = {
  project: (gid: string) => `project:${gid}`,
  tag: (gid: string) => `tag:${gid}`,
  follower: (gid: string) => `follower:${gid}`,
  customField: (gid: string) => `custom_field:${gid}`,
  /** Not compared: where the task stood in a list, so a compensation can put it back there. */
  after: (list: string) => `after:${list}`,
};

export const taskRef = (gid: string): ResourceRef => ({ provider: 'asana', type: 'task', id: gid });
export const storyRef = (gid: string): ResourceRef => ({ provider: 'asana', type: 'story', id: gid });

export function taskSnapshot(task: AsanaObject, comments?: number): Snapshot {
  const snapshot: Snapshot = {
    name: task.name ?? '',
    notes: task.notes ?? '',
    assignee: task.assignee?.gid ?? null,
    due_on: task.due_on ?? null,
    due_at: task.due_at ?? null,
    start_on: task.start_on ?? null,
    completed: Boolean(task.completed),
    parent: task.parent?.gid ?? null,
  };
  for (const membership of (task.memberships ?? []) as AsanaObject[]) {
    if (membership.project?.gid) snapshot[field.project(membership.project.gid)] = membership.section?.gid ?? null;
  }
  for (const tag of (task.tags ?? []) as AsanaObject[]) snapshot[field.tag(tag.gid)] = true;
  for (const follower of (task.followers ?? []) as AsanaObject[]) snapshot[field.follower(follower.gid)] = true;
  for (const custom of (task.custom_fields ?? []) as AsanaObject[]) snapshot[field.customField(custom.gid)] = customValue(custom);
  if (comments !== undefined) snapshot.comments = comments;
  return snapshot;
}

function customValue(custom: AsanaObject): Json {
  if (custom.type === 'enum') return custom.enum_value?.gid ?? null;
  if (custom.type === 'number') return custom.number_value ?? null;
  return custom.text_value ?? null;
}

/** Reads a task's snapshot; with `withComments` also counts others' comments (one more request). */
export async function readTaskSnapshot(client: AsanaClient, gid: string, withComments: boolean): Promise<Snapshot | null> {
  const task = await client.findTask(gid);
  if (!task) return null;
  if (!withComments) return taskSnapshot(task);
  const [comments, me] = await Promise.all([client.comments(gid), client.myGid()]);
  return taskSnapshot(task, comments.filter((comment) => comment.created_by?.gid !== me).length);
}

/** Who saw or touched the task: its assignee and followers. */
export function taskActors(snapshot: Snapshot): string[] {
  const people = new Set<string>();
  if (typeof snapshot.assignee === 'string') people.add(`asana:user:${snapshot.assignee}`);
  for (const key of Object.keys(snapshot)) if (key.startsWith('follower:')) people.add(`asana:user:${key.slice('follower:'.length)}`);
  return [...people];
}
