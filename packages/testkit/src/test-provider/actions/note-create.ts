// notes.note.create: create a note. Inverse: delete it; if others edited or commented since, archive instead.
import { z } from 'zod';
import { defineNotesAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import { noteSnapshot, type NotesClient } from '../client.js';
import type { Note } from '../notes-service.js';

export const noteFieldsInput = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(10_000).default(''),
  tags: z.array(z.string().min(1)).default([]),
});

export function noteCreate<const Provider extends string>(provider: Provider, undoWindowMs?: number) {
  return defineNotesAction({
    name: `${provider}.note.create`,
    reversibility: 'compensatable',
    description: 'Create a note; undone by deleting it, or archiving it when others built on it',
    input: noteFieldsInput,
    execute: (input, { client, idempotencyKey }) => client.create(input, idempotencyKey),
    lookup: async (_input, { client, idempotencyKey }) => (await client.findByKey(idempotencyKey)) ?? undefined,
    resource: (_input, note) => ({ provider, type: 'note', id: note.id }),
    post: (_input, note) => noteSnapshot(note),
    compensation: (args) =>
      guardedUndo(args, {
        ...(undoWindowMs ? { reversibleUntil: new Date(args.now + undoWindowMs).toISOString() } : {}),
        operation: `${provider}.note.delete`,
        input: { id: args.resource.id },
        fields: ['title', 'body', 'tags', 'comments'],
        expect: { absent: true },
        description: `delete note ${args.resource.id}`,
        gentler: guardedUndo(args, {
          operation: `${provider}.note.archive`,
          input: { id: args.resource.id },
          fields: [],
          expect: { fields: { status: 'archived' } },
          description: `archive note ${args.resource.id} (others built on it)`,
          residue: `note ${args.resource.id} stays, archived, with the edits others made`,
        }),
      }),
  });
}

