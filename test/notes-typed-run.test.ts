// session.run is typed from the adapters a runtime was given, for the test provider too: an action name
// the notes adapter does not have, or an input its schema refuses, is a compile error (checked by
// `pnpm typecheck`, which runs before the suite: each @ts-expect-error below fails it when its error
// goes away), and the answer comes back typed, with no cast. The provider's name is part of its
// actions' names. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotesAdapter, NotesService } from '@backspace/testkit';

let journal: JournalStore | undefined;
afterEach(async () => {
  await journal?.close();
  journal = undefined;
});

it('a note created through a typed session comes back typed, and a wrong name or input is refused', async () => {
  const service = new NotesService();
  journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [createNotesAdapter({ service }), createNotesAdapter({ service, provider: 'notesb' })], policy: [] });
  const session = await runtime.startSession({ agentId: 'note-taker' });

  const note = await session.run('notes.note.create', { title: 'Refund policy', body: 'v1' });
  const title: string = note.title;
  const other = await session.run('notesb.note.update', { id: note.id, tags: ['policy'] });
  expect(service.inspect().find((stored) => stored.id === other.id)).toMatchObject({ title, body: 'v1', tags: ['policy'] });

  // @ts-expect-error: no such action (notesc is no provider of this runtime)
  await expect(session.run('notesc.note.create', { title: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: the title is required, and `titel` is no field of notes.note.create
  await expect(session.run('notes.note.create', { titel: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: tags are strings
  await expect(session.run('notes.note.update', { id: note.id, tags: [1] })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect(service.inspect().map((stored) => stored.title)).not.toContain('x');
});
