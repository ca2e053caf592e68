// asana.task.tag.add: tag a task. Inverse: remove the tag, only when the task did not have it before.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { AsanaClient } from '../client.js';
import { field, readTaskSnapshot, taskRef, VERSION_FIELD } from '../snapshot.js';
import { gid } from './task-input.js';

const input = z.object({ gid: gid.describe('The gid of the task to tag.'), tag: gid.describe('The gid of the tag (not its name), e.g. "1204000000000301".') }).strict();

export const taskTagAdd = defineAction<z.infer<typeof input>, { gid: string; tag: string }, AsanaClient>({
  name: 'asana.task.tag.add',
  reversibility: 'reversible',
  description: 'Tag a task (addTagForTask); undone by removing the tag, if the task did not have it before',
  input,
  // The task read, then the write; the post-state is the pre-state with the tag. Asana answers the write
  // with an empty object, so the post-state knows no `modified_at` the write left: it carries none.
  minimumRequests: 2,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid }, { client }) => readTaskSnapshot(client, taskGid),
  execute: async ({ gid: taskGid, tag }, { client }) => {
    await client.call('addTagForTask', true, () => client.tasks.addTagForTask({ data: { tag } }, taskGid));
    return { gid: taskGid, tag };
  },
  lookup: async ({ gid: taskGid, tag }, { client }) => {
    const snapshot = await readTaskSnapshot(client, taskGid);
    return snapshot?.[field.tag(tag)] ? { gid: taskGid, tag } : undefined;
  },
  resource: ({ gid: taskGid }) => taskRef(taskGid),
  post: ({ tag }, _result, pre) => (pre ? { ...pre, [field.tag(tag)]: true, [VERSION_FIELD]: null } : null),
  compensation: ({ input: { gid: taskGid, tag }, resource, pre, post }) => ({
    operation: 'asana.task.restore',
    resource,
    input: { gid: taskGid },
    strategy: 'restore-fields',
    fields: [field.tag(tag)],
    pre,
    post,
    expect: { fields: { [field.tag(tag)]: pre?.[field.tag(tag)] ?? null } },
    description: `remove tag ${tag} from task ${taskGid}`,
  }),
});
