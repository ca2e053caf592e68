// asana.task.follower.add: add followers to a task. Inverse: remove those who were not following before.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { TASK_FIELDS, type AsanaClient, type AsanaObject } from '../client.js';
import { restoreTaskFields } from '../compensations.js';
import { readTaskSnapshot, taskRef, taskSnapshot } from '../snapshot.js';
import { gid, resolveMe } from './task-input.js';

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
  lookup: async ({ gid: taskGid, followers }, { client }) => {
    const task = await client.findTask(taskGid);
    if (!task) return undefined;
    const following = new Set<string>([...(task.followers as AsanaObject[]).map((user) => String(user.gid))]);
    const wanted = await Promise.all(followers.map((follower) => resolveMe(follower, client)));
    return wanted.every((follower) => following.has(String(follower))) ? task : undefined;
  },
  post: (_input, task) => taskSnapshot(task),
  // The follower fields the task now holds and did not before (each expected back absent, as null).
  compensation: (args) => {
    const { input, pre, post } = args;
    const fields = Object.keys(post ?? {}).filter((name) => name.startsWith('follower:') && !pre?.[name]);
    return restoreTaskFields(args, { fields, description: `remove the followers the agent added to task ${input.gid}` });
  },
});
