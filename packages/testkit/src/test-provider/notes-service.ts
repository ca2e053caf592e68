// An in-process notes service: the test provider that stands in for a SaaS API in core tests, the
// rollback property test and the benchmarks. Stateful, per-user, with faults and a write rate limit.
import { systemClock, type Clock } from '@backspace/core';

export interface Note {
  id: string;
  title: string;
  body: string;
  tags: string[];
  status: 'open' | 'archived';
  comments: { by: string; text: string }[];
  createdBy: string;
  updatedBy: string;
  version: number;
  /** Idempotency keys of the writes applied to this note (the service's marker, like a hidden comment). */
  keys: string[];
}

export type NoteFields = Pick<Note, 'title' | 'body' | 'tags'>;

export type NotesFault = 'rate-limited' | 'server-error' | 'drop-after-commit';

export class NotesServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'NotesServiceError';
  }
}

export interface NotesServiceOptions {
  clock?: Clock;
  /** Writes per second the service accepts (per service, on its clock); more are answered with 429. */
  writesPerSecond?: number;
  /** Time each call takes on the service's clock, like a network round trip to a real API. */
  latencyMs?: number;
}

export class NotesService {
  private readonly notes = new Map<string, Note>();
  private readonly faults: NotesFault[] = [];
  private readonly users = new Map<string, string>();
  private nextId = 1;
  private readonly recentWrites: number[] = [];
  readonly clock: Clock;
  writesPerSecond: number | undefined;
  latencyMs: number;
  readonly stats = { writes: 0, reads: 0, rateLimited: 0 };

  constructor(options: NotesServiceOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.writesPerSecond = options.writesPerSecond;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** The next write calls fail this way, in order. `drop-after-commit` applies the write, then fails. */
  injectFaults(...faults: NotesFault[]): void {
    this.faults.push(...faults);
  }

  /** Every distinct token is a distinct user; notes record user ids, never tokens. */
  userOf(token: string): string {
    let id = this.users.get(token);
    if (!id) {
      id = `user-${this.users.size + 1}`;
      this.users.set(token, id);
    }
    return id;
  }

  async create(token: string, fields: NoteFields, key?: string): Promise<Note> {
    const user = this.userOf(token);
    return this.write(() => {
      const note: Note = { id: `n${this.nextId++}`, ...clone(fields), status: 'open', comments: [], createdBy: user, updatedBy: user, version: 1, keys: key ? [key] : [] };
      this.notes.set(note.id, note);
      return clone(note);
    });
  }

  async update(token: string, id: string, patch: Partial<NoteFields> & { status?: Note['status'] }, key?: string): Promise<Note> {
    const user = this.userOf(token);
    return this.write(() => {
      const note = this.require(id);
      Object.assign(note, clone(patch), { updatedBy: user, version: note.version + 1 });
      if (key) note.keys.push(key);
      return clone(note);
    });
  }

  async comment(token: string, id: string, text: string): Promise<Note> {
    const user = this.userOf(token);
    return this.write(() => {
      const note = this.require(id);
      note.comments.push({ by: user, text });
      note.version += 1;
      return clone(note);
    });
  }

  async remove(_token: string, id: string): Promise<void> {
    return this.write(() => {
      this.require(id);
      this.notes.delete(id);
    });
  }

  async get(id: string): Promise<Note | null> {
    this.stats.reads += 1;
    await this.roundTrip();
    const note = this.notes.get(id);
    return note ? clone(note) : null;
  }

  async findByKey(key: string): Promise<Note | null> {
    this.stats.reads += 1;
    await this.roundTrip();
    for (const note of this.notes.values()) if (note.keys.includes(key)) return clone(note);
    return null;
  }

  /** The service's whole state, read directly (never through an adapter). */
  inspect(): Note[] {
    return [...this.notes.values()].map(clone);
  }

  private require(id: string): Note {
    const note = this.notes.get(id);
    if (!note) throw new NotesServiceError(404, 'not_found', `note ${id} not found`);
    return note;
  }

  private async roundTrip(): Promise<void> {
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
    else await Promise.resolve();
  }

  private async write<T>(apply: () => T): Promise<T> {
    this.enforceRateLimit();
    await this.roundTrip();
    const fault = this.faults.shift();
    if (fault === 'rate-limited') throw new NotesServiceError(429, 'rate_limited', 'slow down', 1000);
    if (fault === 'server-error') throw new NotesServiceError(503, 'unavailable', 'service unavailable');
    const result = apply();
    this.stats.writes += 1;
    if (fault === 'drop-after-commit') throw new NotesServiceError(0, 'connection_reset', 'socket hang up');
    return result;
  }

  /** Like most APIs: at most `writesPerSecond` writes in any one-second window, counted on arrival. */
  private enforceRateLimit(): void {
    if (!this.writesPerSecond) return;
    const now = this.clock.now();
    while (this.recentWrites.length > 0 && this.recentWrites[0]! <= now - 1000) this.recentWrites.shift();
    if (this.recentWrites.length >= this.writesPerSecond) {
      this.stats.rateLimited += 1;
      throw new NotesServiceError(429, 'rate_limited', 'write rate limit exceeded', Math.ceil(this.recentWrites[0]! + 1000 - now));
    }
    this.recentWrites.push(now);
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
