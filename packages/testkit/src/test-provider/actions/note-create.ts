// notes.note.create: create a note. Inverse: delete it; if others edited or commented since, archive instead.
import { z } from 'zod';
import { defineNotesAction } from './define-action.js';
import { type Compensation } from '@backspace/core';
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
    compensation: ({ resource, post, now }): Compensation => ({
      ...(undoWindowMs ? { reversibleUntil: new Date(now + undoWindowMs).toISOString() } : {}),
      operation: `${provider}.note.delete`,
      resource,
      input: { id: resource.id },
      strategy: 'guarded',
      fields: ['title', 'body', 'tags', 'comments'],
      pre: null,
      post,
      expect: { absent: true },
      description: `delete note ${resource.id}`,
      gentler: {
        operation: `${provider}.note.archive`,
        resource,
        input: { id: resource.id },
        strategy: 'guarded',
        fields: [],
        pre: null,
        post,
        expect: { fields: { status: 'archived' } },
        description: `archive note ${resource.id} (others built on it)`,
        residue: `note ${resource.id} stays, archived, with the edits others made`,
      },
    }),
  });
}

