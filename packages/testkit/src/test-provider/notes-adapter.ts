// The test provider's adapter: a small, complete Backspace adapter over the in-process NotesService.
import { z } from 'zod';
import type { Adapter, CompensationOperation } from '@backspace/core';

/** What every notes inverse names: one note, by the id the service gave it. */
const noteId = z.object({ id: z.string().regex(/^n\d+$/) }).strict();
import { NotesClient, noteSnapshot } from './client.js';
import { NotesService } from './notes-service.js';
import { noteCreate } from './actions/note-create.js';
import { noteDelete } from './actions/note-delete.js';
import { noteUpdate } from './actions/note-update.js';

export interface NotesAdapterSettings<Provider extends string = string> {
  service: NotesService;
  /** Provider name; several instances (`notesa`, `notesb`) stand in for several providers. */
  provider?: Provider;
  /** The agent's user on the service; a token-like secret the journal must never hold. */
  token?: string;
  /** When set, a created note can be undone only this long after its creation (`reversibleUntil`). */
  createUndoWindowMs?: number;
}

/** The notes actions of one provider name (`notes` by default). */
function notesActions<const Provider extends string>(provider: Provider, createUndoWindowMs?: number) {
  return [noteCreate(provider, createUndoWindowMs), noteUpdate(provider), noteDelete(provider)];
}

/** The notes adapter, its actions typed by name (`session.run('notes.note.update', …)` checks its input). */
export type NotesAdapter<Provider extends string = 'notes'> = Adapter<NotesClient, ReturnType<typeof notesActions<Provider>>>;

export function createNotesAdapter<const Provider extends string = 'notes'>(settings: NotesAdapterSettings<Provider>): NotesAdapter<Provider> {
  // Without a name the provider is `notes`, the type's default.
  const provider = settings.provider ?? ('notes' as Provider);
  const token = settings.token ?? 'notes-agent-token';
  const client = new NotesClient(settings.service, token, provider);
  const ignoreMissing = async (write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  };
  const compensations: Record<string, CompensationOperation<NotesClient>> = {
    [`${provider}.note.delete`]: { input: noteId, run: ({ id }: { id: string }) => ignoreMissing(() => client.remove(id)) },
    [`${provider}.note.archive`]: { input: noteId, run: async ({ id }: { id: string }, { idempotencyKey }) => void (await client.update(id, { status: 'archived' }, idempotencyKey)) },
    [`${provider}.note.restore`]: {
      input: noteId.extend({ values: z.object({ title: z.string(), body: z.string(), tags: z.array(z.string()), status: z.enum(['open', 'archived']) }).partial().strict() }),
      run: async ({ id, values }: { id: string; values: Record<string, never> }, { idempotencyKey }) => void (await client.update(id, values, idempotencyKey)),
    },
  };
  return {
    provider,
    client,
    actions: notesActions(provider, settings.createUndoWindowMs),
    read: async (resource) => noteSnapshot(await client.get(resource.id)),
    compensations,
    // Read live: tests and benchmarks switch the service's limit on after seeding it.
    get rateLimit() {
      const perSecond = settings.service.writesPerSecond;
      return perSecond ? { requests: perSecond, windowMs: 1000 } : undefined;
    },
    secrets: () => [token],
    actors: (snapshot) => (typeof snapshot.updatedBy === 'string' ? [snapshot.updatedBy] : []),
  };
}
