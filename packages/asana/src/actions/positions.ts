// Where a task stood in a list (a section, or its parent's subtasks), so a compensation puts it back there.
import type { AsanaClient, AsanaObject } from '../client.js';
import { field, readTaskSnapshot } from '../snapshot.js';
import type { Snapshot } from '@backspace/core';

/** The gid of the task just before `taskGid` in `list`, or null when it is first. */
export function predecessor(list: AsanaObject[], taskGid: string): string | null {
  const index = list.findIndex((item) => item.gid === taskGid);
  return index > 0 ? String(list[index - 1]!.gid) : null;
}

/** The task's snapshot plus `after:project:<gid>`: its predecessor in the section it holds in that project. */
export async function snapshotWithSectionPosition(client: AsanaClient, taskGid: string, projectGid: string): Promise<Snapshot | null> {
  const snapshot = await readTaskSnapshot(client, taskGid);
  const section = snapshot?.[field.project(projectGid)];
  if (!snapshot || typeof section !== 'string') return snapshot;
  const tasks = await client.listAll('getTasksForSection', (paging) => client.tasks.getTasksForSection(section, { ...paging, opt_fields: 'gid' }));
  return { ...snapshot, [field.after(field.project(projectGid))]: predecessor(tasks, taskGid) };
}

/** The task's snapshot plus `after:parent`: its predecessor among its parent's subtasks. */
export async function snapshotWithSubtaskPosition(client: AsanaClient, taskGid: string): Promise<Snapshot | null> {
  const snapshot = await readTaskSnapshot(client, taskGid);
  const parent = snapshot?.parent;
  if (!snapshot || typeof parent !== 'string') return snapshot;
  const siblings = await client.listAll('getSubtasksForTask', (paging) => client.tasks.getSubtasksForTask(parent, { ...paging, opt_fields: 'gid' }));
  return { ...snapshot, [field.after('parent')]: predecessor(siblings, taskGid) };
}

/** The recorded positions of `fields` in `pre`, for the restore compensation's input. */
export function positionsOf(pre: Snapshot | null, fields: string[]): Record<string, string | null> {
  const positions: Record<string, string | null> = {};
  for (const name of fields) {
    const key = field.after(name);
    if (pre && key in pre) positions[name] = (pre[key] as string | null) ?? null;
  }
  return positions;
}
