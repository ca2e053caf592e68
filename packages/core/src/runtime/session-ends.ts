// Sessions this process runs that another process ended: an operator's `backspace end` (runtime.endSession
// elsewhere) is how a running agent's session gets rolled back without a kill. The agent's process holds
// its session in memory and never hears of it, so a call that waited (a person's approval, maybe hours)
// or one reading its pre-state while the rollback ran would land after that rollback reported. Read from
// the journal: `session.ended` entries from the earliest watched session's start on, at most every
// `pollMs`, and once more after each write's intent (the journal then orders the two, as for a kill).
import type { JournalStore } from '../contract/journal.js';
import { writerProblem, type Keyring } from '../journal/writers.js';

export class SessionEnds {
  private cursor: number | undefined;
  private readonly watched = new Set<string>();
  /** Watched sessions ended elsewhere: who ended them and why, as an error says it. */
  private readonly ended = new Map<string, string>();
  private lastPoll = -Infinity;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly journal: JournalStore,
    private readonly pollMs = 200,
    private readonly keyring: Keyring | null = null,
  ) {}

  /** Watches a session this process started, whose `session.started` entry has sequence `startedSeq`. */
  watch(sessionId: string, startedSeq: number): void {
    this.watched.add(sessionId);
    this.cursor = this.cursor === undefined ? startedSeq : Math.min(this.cursor, startedSeq);
  }

  /** Who ended this session elsewhere and why (`force`: read the journal now), or undefined. */
  async endedElsewhere(sessionId: string, force = false): Promise<string | undefined> {
    if (!this.watched.has(sessionId)) return undefined;
    if (force || performance.now() - this.lastPoll >= this.pollMs) {
      this.pending ??= this.poll().finally(() => {
        this.pending = null;
      });
      await this.pending;
    }
    return this.ended.get(sessionId);
  }

  private async poll(): Promise<void> {
    for (const entry of await this.journal.entriesOfType(['session.ended'], this.cursor)) {
      this.cursor = entry.seq;
      // With a keyring, only a trusted writer's end counts (an agent cannot stop another's session).
      if (!entry.sessionId || !this.watched.has(entry.sessionId) || (this.keyring && writerProblem(entry, this.keyring))) continue;
      const data = (entry.data ?? {}) as { endedBy?: unknown; reason?: unknown };
      const by = typeof data.endedBy === 'string' ? data.endedBy : 'another process';
      this.ended.set(entry.sessionId, `ended by ${by}${typeof data.reason === 'string' && data.reason ? ` (${data.reason})` : ''}`);
    }
    this.lastPoll = performance.now();
  }
}
