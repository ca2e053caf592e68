// The adapter's reader: tasks (with their subtasks, comments and attachments) and comments, many at once through
// the Batch API. A task costs two actions (the task, its stories) and a third only when it has subtasks.
import { BackspaceError, resourceKey, type ResourceRef, type Snapshot } from '@backspace/core';
import { batchGet, type BatchGet, type BatchGot } from './batch-read.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from './client.js';
import { storySnapshot } from './actions/story-create.js';
import { storyRef, taskRef, taskSnapshot } from './snapshot.js';

/**
 * Each resource's snapshot by `resourceKey()`, null when it no longer exists (or is in the trash), or
 * the error its reads failed with: one resource Asana will not show (a 403, say) fails alone.
 */
export async function readResources(client: AsanaClient, resources: ResourceRef[]): Promise<Map<string, Snapshot | null | Error>> {
  for (const resource of resources) {
    if (resource.type !== 'task' && resource.type !== 'story') throw new BackspaceError('invalid_input', `asana adapter cannot read a resource of type "${resource.type}"`);
  }
  const tasks = resources.filter((resource) => resource.type === 'task').map((resource) => resource.id);
  const stories = resources.filter((resource) => resource.type === 'story').map((resource) => resource.id);
  const path = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;
  const first = await batchGet(client, [
    ...tasks.flatMap((gid): BatchGet[] => [
      { path: path('tasks', gid), fields: TASK_FIELDS, operation: 'getTask' },
      // The subtype too: an attachment shows only as its `attachment_added` story, in the same list.
      { path: path('tasks', gid, 'stories'), fields: 'type,resource_subtype', list: true, operation: 'getStoriesForTask' },
    ]),
    ...stories.map((gid): BatchGet => ({ path: path('stories', gid), fields: 'text,target', operation: 'getStory' })),
  ]);
  const found = tasks.map((gid, index) => ({ gid, reads: [first[2 * index], first[2 * index + 1]] as BatchGot[] }));
  const parents = found.filter(({ reads: [task, list] }) => isData(task) && isData(list) && Number((task as AsanaObject).num_subtasks ?? 1) > 0);
  const subtaskLists = await batchGet(client, parents.map(({ gid }) => ({ path: path('tasks', gid, 'subtasks'), fields: 'gid', list: true, operation: 'getSubtasksForTask' })));
  parents.forEach((parent, index) => parent.reads.push(subtaskLists[index] as BatchGot));

  const snapshots = new Map<string, Snapshot | null | Error>();
  for (const { gid, reads } of found) {
    const key = resourceKey(taskRef(gid));
    const failed = reads.find((read) => read instanceof Error);
    // A 404 on any of its reads: the task is gone (or went in between).
    if (failed || reads.includes(null)) {
      snapshots.set(key, failed ?? null);
      continue;
    }
    const [task, list, subtasks = []] = reads as [AsanaObject, AsanaObject[], AsanaObject[]?];
    const comments = list.filter(isInside).map((story) => resourceKey(storyRef(String(story.gid))));
    snapshots.set(key, taskSnapshot(task, [...subtasks.map((subtask) => resourceKey(taskRef(String(subtask.gid)))), ...comments]));
  }
  stories.forEach((gid, index) => {
    const story = first[2 * tasks.length + index] as BatchGot;
    snapshots.set(resourceKey(storyRef(gid)), isData(story) ? storySnapshot(story as AsanaObject) : (story as Error | null));
  });
  return snapshots;
}

/**
 * What deleting the task would take along, as its stories show it: a comment, or a file or link someone
 * attached (Asana lists no attachment on the task itself; its `attachment_added` story names it, kept by
 * its story's key, so one attached by no step of the session is others' work).
 */
const isInside = (story: AsanaObject): boolean => story.type === 'comment' || story.resource_subtype === 'attachment_added';

const isData = (read: BatchGot | undefined): boolean => read !== null && read !== undefined && !(read instanceof Error);

/** For `readMany`: the snapshots read; a resource whose read failed is left out, to be read alone. */
export function readOnes(read: Map<string, Snapshot | null | Error>): Map<string, Snapshot | null> {
  return new Map([...read].filter((entry): entry is [string, Snapshot | null] => !(entry[1] instanceof Error)));
}
