// notes.note.delete: delete a note for good. No inverse: irreversible.
import { z } from 'zod';
import { defineNotesAction } from './define-action.js';
import type { NotesClient } from '../client.js';

const input = z.object({ id: z.string().min(1) });

export function noteDelete<const Provider extends string>(provider: Provider) {
  return defineNotesAction({
    name: `${provider}.note.delete`,
    reversibility: 'irreversible',
    description: 'Delete a note permanently; nothing can bring it back',
    input,
    target: ({ id }) => ({ provider, type: 'note', id }),
    execute: async ({ id }, { client }) => {
      await client.remove(id);
      return { id, deleted: true as const };
    },
    resource: ({ id }) => ({ provider, type: 'note', id }),
    post: () => null,
    compensation: () => null,
  });
}

