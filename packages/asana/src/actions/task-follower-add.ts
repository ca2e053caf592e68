// asana.task.follower.add: add followers to a task. Inverse: remove those who were not following before.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreTaskFields } from '../compensations.js';
import { field, readTaskSnapshot, taskRef, taskSnapshot, VERSION_FIELD } from '../snapshot.js';
import { changedBySelfSince } from '../task-stories.js';
import { gid, resolveUser } from './task-input.js';

// Gids or `me` (not emails), so a lost answer can be checked against the followers Asana lists.
const input = z
  .object({
    gid: gid.describe('The gid of the task to add followers to.'),
    followers: z
      .array(z.union([gid, z.literal('me')]))
      .min(1)
      .describe('The people to add as followers: user gids (e.g. "1204000000000003") or "me"; emails are not taken here. Current followers stay.'),
  })
  .strict();

export const taskFollowerAdd = defineAsanaAction({
  name: 'asana.task.follower.add',
  reversibility: 'reversible',
  description: 'Add followers to a task (addFollowersForTask); undone by removing the ones who were not following before',
  input,
  // The task read, then the write, whose answer is the post-state.
  minimumRequests: 2,
  target: ({ gid: taskGid }) => taskRef(taskGid),
  snapshot: ({ gid: taskGid }, { client }) => readTaskSnapshot(client, taskGid),
  execute: ({ gid: taskGid, followers }, { client }) => client.call('addFollowersForTask', true, () => client.tasks.addFollowersForTask({ data: { followers } }, taskGid, { opt_fields: TASK_FIELDS })),
  // Adding followers is idempotent: a lost answer counts as written once the task has them all. Read
  // partly (a person removed one since), it landed if the token's own user added one the pre-state lacked,
  // after the pre-state's version (the task's stories): it then answers as the write left the task, so the
  // rollback removes who is still there by the agent's doing.
  lookup: async ({ gid: taskGid, followers }, { client, pre }) => {
    const task = await client.findTask(taskGid);
    if (!task) return undefined;
    const following = new Set<string>([...(task.followers as AsanaObject[]).map((user) => String(user.gid))]);
    const wanted = (await Promise.all(followers.map((follower) => resolveUser(follower, client)))).map(String);
    const missing = wanted.filter((follower) => !following.has(follower));
    if (missing.length === 0) return task;
    const since = pre?.[VERSION_FIELD];
    const added = wanted.map(field.follower).filter((name) => !pre?.[name]);
    if (typeof since !== 'string' || !(await changedBySelfSince(client, taskGid, added, since))) return undefined;
    return { ...task, followers: [...(task.followers as AsanaObject[]), ...missing.map((gid) => ({ gid, resource_type: 'user' }))] };
  },
  post: (_input, task) => taskSnapshot(task),
  // The follower fields the task now holds and did not before (each expected back absent, as null).
  compensation: (args) => {
    const { input, pre, post } = args;
    const fields = Object.keys(post ?? {}).filter((name) => name.startsWith('follower:') && !pre?.[name]);
    return restoreTaskFields(args, { fields, description: `remove the followers the agent added to task ${input.gid}` });
  },
});
