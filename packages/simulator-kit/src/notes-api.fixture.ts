// A tiny notes-and-counter API, defined the way a provider simulator would be, for the harness tests.
import { createRouter } from './router.js';
import { SimulatorHttpError } from './responses.js';

export interface Note {
  id: number;
  text: string;
  authorId: string | null;
}

export function createNotesApi() {
  const state = { counter: 0, notes: new Map<number, Note>() };
  let nextNoteId = 1;
  const router = createRouter()
    .post('/counter/increment', () => {
      state.counter += 1;
      return { status: 200, body: { counter: state.counter } };
    })
    .get('/counter', () => ({ status: 200, body: { counter: state.counter } }))
    .post('/notes', (request) => {
      const { text } = (request.body ?? {}) as { text?: unknown };
      if (typeof text !== 'string') throw new SimulatorHttpError(422, { error: 'text_required' });
      const note = { id: nextNoteId++, text, authorId: request.user?.id ?? null };
      state.notes.set(note.id, note);
      return { status: 201, body: note };
    })
    .get('/notes/:id', (request) => {
      const note = state.notes.get(Number(request.params['id']));
      return note ? { status: 200, body: note } : { status: 404, body: { error: 'note_not_found' } };
    })
    .add('*', '/echo/*rest', (request) => ({
      status: 200,
      body: { method: request.method, params: request.params, query: request.query, body: request.body ?? null, user: request.user },
    }))
    .get('/boom', () => {
      throw new Error('kaboom');
    });
  return { router, state };
}
