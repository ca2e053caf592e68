// asana.task.tag.add: tag a task. Inverse: remove the tag, only when the task did not have it before.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import type { AsanaClient } from '../client.js';
import { restoreTaskFields } from '../compensations.js';
import { field, readTaskSnapshot, taskRef, VERSION_FIELD } from '../snapshot.js';
import { gid } from './task-input.js';

const input = z.object({ gid: gid.describe('The gid of the task to tag.'), tag: gid.describe('The gid of the tag (not its name), e.g. "1204000000000301".') }).strict();

/** The tag written, and the task's `modified_at` as read right after the write. */
export interface Tagged {
  gid: string;
  tag: string;
  modified_at?: string | null;
}

export const taskTagAdd = defineAsanaAction({
  name: 'asana.task.tag.add',
  reversibility: 'reversible',
  description: 'Tag a task (addTagForTask); undone by removing the tag, if the task did not have it before',
  input,
  // The task read, the write, and the task's `modified_at` read after it: the post-state is the pre-state
  // with the tag. Asana answers the write with an empty object, so without that third request the
  // post-state would know no version the write left, and a rollback could not tell that a person removed
  // the tag and added it back since (it asks the task's stories only when `modified_at` moved).
  minimumRequests: 3,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid }, { client }) => readTaskSnapshot(client, taskGid),
  execute: async ({ gid: taskGid, tag }, { client }): Promise<Tagged> => {
    await client.call('addTagForTask', true, () => client.tasks.addTagForTask({ data: { tag } }, taskGid));
    const task = await client.readAfterWrite('getTask', () => client.tasks.getTask(taskGid, { opt_fields: VERSION_FIELD }));
    return { gid: taskGid, tag, modified_at: task.modified_at ?? null };
  },
  lookup: async ({ gid: taskGid, tag }, { client }) => {
    const snapshot = await readTaskSnapshot(client, taskGid);
    return snapshot?.[field.tag(tag)] ? { gid: taskGid, tag, modified_at: (snapshot[VERSION_FIELD] as string | null) ?? null } : undefined;
  },
  post: ({ tag }, result, pre) => (pre ? { ...pre, [field.tag(tag)]: true, [VERSION_FIELD]: result?.modified_at ?? null } : null),
  compensation: (args) => restoreTaskFields(args, { fields: [field.tag(args.input.tag)], description: `remove tag ${args.input.tag} from task ${args.input.gid}` }),
});
