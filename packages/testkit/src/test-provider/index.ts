// The in-process test provider: a notes service and its adapter.
export { NotesService, NotesServiceError, type Note, type NoteFields, type NotesFault, type NotesServiceOptions } from './notes-service.js';
export { NotesClient, noteSnapshot } from './client.js';
export { createNotesAdapter, type NotesAdapter, type NotesAdapterSettings } from './notes-adapter.js';
