// asana.story.create: comment on a task. Inverse: delete the comment (deleteStory); people may have read it
// or been notified already, so it is compensatable.
import { z } from 'zod';
import { defineAsanaAction } from './define-action.js';
import { guardedUndo, type Snapshot } from '@backspace/core';
import type { AsanaClient, AsanaObject } from '../client.js';
import { deleted, journaledGid } from '../compensations.js';
import { storyRef, taskRef } from '../snapshot.js';
import { findNewMatch, noteMatchesBefore, type MatchSearch } from './find-again.js';
import { gid } from './task-input.js';

const input = z
  .object({
    task: gid.describe('The gid of the task to comment on, e.g. "1204000000000019".'),
    text: z.string().trim().min(1).max(65_536).describe('The comment as plain text. The task\'s followers are notified.'),
  })
  .strict();

export function storySnapshot(story: AsanaObject): Snapshot {
  return { text: story.text ?? '', task: story.target?.gid ?? null };
}

type CommentInput = z.infer<typeof input>;

/** What the inverse names: one comment, by its gid. */
const deleteInput = z.object({ gid: journaledGid }).strict();

const search = ({ task, text }: CommentInput, client: AsanaClient): MatchSearch => ({ list: () => client.comments(task), expected: { text }, ref: storyRef });

export const storyCreate = defineAsanaAction({
  name: 'asana.story.create',
  reversibility: 'compensatable',
  description: 'Comment on a task (createStoryForTask); undone by deleting the comment (deleteStory), though it may have been read',
  input,
  // The task's comments (a story carries no key: what was there before tells a lost write apart), then the write.
  minimumRequests: 2,
  execute: ({ task, text }, { client }) => client.call('createStoryForTask', true, () => client.stories.createStoryForTask({ data: { text } }, task, {})),
  // Stories carry no key: note the agent's identical comments there before, and take only a new one after.
  snapshot: (comment, context) => noteMatchesBefore(search(comment, context.client), context),
  lookup: async (comment, context) => {
    const match = await findNewMatch(search(comment, context.client), context, 'createStoryForTask');
    return match ? { ...match, target: { gid: comment.task, resource_type: 'task' } } : undefined;
  },
  resource: (_input, story) => storyRef(story.gid),
  post: (_input, story) => storySnapshot(story),
  compensation: (args) => {
    const { resource, input: { task } } = args;
    // The comment did not exist before: what the snapshot noted (the agent's identical comments) is no pre-state.
    return guardedUndo({ ...args, pre: null }, {
      operation: 'asana.story.delete',
      input: { gid: resource.id },
      fields: ['text'],
      expect: { absent: true },
      dependsOn: [taskRef(task)],
      description: `delete comment ${resource.id} on task ${task}`,
      residue: `comment ${resource.id} was deleted, but followers of task ${task} may have been notified of it already`,
    });
  },
  inverses: {
    'asana.story.delete': {
      input: deleteInput,
      run: ({ gid: storyGid }: z.infer<typeof deleteInput>, { client }) => deleted(() => client.call('deleteStory', true, () => client.stories.deleteStory(storyGid))),
    },
  },
});
