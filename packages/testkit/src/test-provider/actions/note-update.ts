// notes.note.update: change a note's title, body or tags. Inverse: restore the fields the agent changed.
import { z } from 'zod';
import { restoreFields } from '@backspace/core';
import { defineNotesAction } from './define-action.js';
import { noteSnapshot, type NotesClient } from '../client.js';
import type { Note } from '../notes-service.js';

const input = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1).max(200).optional(),
    body: z.string().max(10_000).optional(),
    tags: z.array(z.string().min(1)).optional(),
  })
  .refine((value) => value.title !== undefined || value.body !== undefined || value.tags !== undefined, {
    message: 'give at least one of title, body, tags',
  });

export function noteUpdate<const Provider extends string>(provider: Provider) {
  return defineNotesAction({
    name: `${provider}.note.update`,
    reversibility: 'reversible',
    description: "Update a note's fields; undone by restoring the fields the agent changed (three-way)",
    input,
    target: ({ id }) => ({ provider, type: 'note', id }),
    snapshot: async ({ id }, { client }) => noteSnapshot(await client.get(id)),
    execute: ({ id, ...patch }, { client, idempotencyKey }) => client.update(id, patch, idempotencyKey),
    lookup: async (_input, { client, idempotencyKey }) => (await client.findByKey(idempotencyKey)) ?? undefined,
    resource: ({ id }) => ({ provider, type: 'note', id }),
    post: (_input, note) => noteSnapshot(note),
    compensation: (args) => {
      const { id, ...patch } = args.input;
      return restoreFields(args, { operation: `${provider}.note.restore`, input: { id }, fields: Object.keys(patch), description: `restore ${Object.keys(patch).join(', ')} of note ${id}` });
    },
  });
}

