// The notes adapter's client: one user of a NotesService, with errors mapped to Backspace's.
import { ProviderError } from '@backspace/core';
import { NotesServiceError, type NotesService, type Note, type NoteFields } from './notes-service.js';

export class NotesClient {
  constructor(
    readonly service: NotesService,
    readonly user: string,
    readonly provider: string,
  ) {}

  create(fields: NoteFields, key: string): Promise<Note> {
    return this.call(() => this.service.create(this.user, fields, key));
  }
  update(id: string, patch: Partial<NoteFields> & { status?: Note['status'] }, key: string): Promise<Note> {
    return this.call(() => this.service.update(this.user, id, patch, key));
  }
  remove(id: string): Promise<void> {
    return this.call(() => this.service.remove(this.user, id));
  }
  get(id: string): Promise<Note | null> {
    return this.call(() => this.service.get(id));
  }
  findByKey(key: string): Promise<Note | null> {
    return this.call(() => this.service.findByKey(key));
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof NotesServiceError)) throw error;
      throw new ProviderError(`${this.provider}: ${error.message}`, {
        provider: this.provider,
        status: error.status,
        providerCode: error.code,
        retryAfterMs: error.retryAfterMs,
        isRetryable: error.status === 429 || error.status === 0 || error.status >= 500,
        outcomeUnknown: error.status === 0 || error.status >= 500,
      });
    }
  }
}

/** The note as snapshots record it: the fields a rollback compares. */
export function noteSnapshot(note: Note | null) {
  if (!note) return null;
  return { title: note.title, body: note.body, tags: note.tags, status: note.status, comments: note.comments.length, updatedBy: note.updatedBy };
}
