// The kill switch as this process sees it: kill and resume entries in the shared journal, polled.
import type { JournalEntry, JournalStore } from '../contract/journal.js';
import { writerOf, writerProblem, type Keyring } from '../journal/writers.js';

export type KillScope = 'all' | { agentId: string } | { sessionId: string };

export interface ActiveKill {
  scope: KillScope;
  reason: string;
  by: string;
  seq: number;
  /** When the kill entry was appended (ISO). */
  at: string;
}

function sameScope(left: KillScope, right: KillScope): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** A kill or resume scope as the journal must hold it; anything else is malformed and never acted on. */
export function isKillScope(scope: unknown): scope is KillScope {
  if (scope === 'all') return true;
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) return false;
  const keys = Object.keys(scope);
  const value = (scope as Record<string, unknown>)[keys[0] ?? ''];
  return keys.length === 1 && (keys[0] === 'agentId' || keys[0] === 'sessionId') && typeof value === 'string' && value.length > 0;
}

/**
 * Why a kill or resume entry must not be acted on, or null: a malformed scope (from any writer) or,
 * with a keyring, a writer not allowed to write it, or a replayed copy.
 */
export function controlEntryProblem(entry: JournalEntry, keyring: Keyring | null, seenNonces?: Set<string>): string | null {
  const data = entry.data as { scope?: unknown } | null;
  if (!data || typeof data !== 'object' || !isKillScope(data.scope)) return `${entry.type} entry ${entry.seq} has a malformed scope ${JSON.stringify(data?.scope ?? null)}: ignored`;
  if (!keyring) return null;
  const problem = writerProblem(entry, keyring);
  if (problem) return `${problem}: ignored`;
  const nonce = writerOf(entry)!.nonce;
  if (seenNonces?.has(nonce)) return `${entry.type} entry ${entry.seq} is a replayed copy of an earlier one: ignored`;
  seenNonces?.add(nonce);
  return null;
}

/** A kill as errors name it: `kill switch for agent x (reason, by someone)`. */
export function describeKill(kill: ActiveKill): string {
  return `kill switch for ${describeScope(kill.scope)} (${kill.reason || 'no reason given'}, by ${kill.by || 'unknown'})`;
}

export function describeScope(scope: KillScope): string {
  if (scope === 'all') return 'all agents';
  return 'agentId' in scope ? `agent ${scope.agentId}` : `session ${scope.sessionId}`;
}

/** Reads new kill/resume entries at most every `pollMs`, so every process sharing the store sees a kill within a second. */
export class KillSwitch {
  private active: ActiveKill[] = [];
  private cursor = 0;
  private lastPoll = -Infinity;
  private pending: Promise<void> | null = null;
  private readonly nonces = new Set<string>();
  /** Kill and resume entries this process refused to act on, with why. */
  readonly ignored: string[] = [];
  private readonly killListeners: ((scope: KillScope) => void)[] = [];

  /** Calls `listener` with the scope of every kill this process reads from now on. */
  onKill(listener: (scope: KillScope) => void): void {
    this.killListeners.push(listener);
  }

  constructor(
    private readonly journal: JournalStore,
    private readonly pollMs = 200,
    private readonly keyring: Keyring | null = null,
  ) {
    // Stores that can push (PostgreSQL LISTEN/NOTIFY) make the next check re-read at once.
    journal.onControlEntry?.(() => {
      this.lastPoll = -Infinity;
    });
  }

  /** The kill that covers this agent and session, if any. */
  async check(agentId: string, sessionId: string, force = false): Promise<ActiveKill | undefined> {
    await this.refresh(force);
    return this.active.find(({ scope }) =>
      scope === 'all' || ('agentId' in scope ? scope.agentId === agentId : scope.sessionId === sessionId),
    );
  }

  async refresh(force = false): Promise<void> {
    if (!force && performance.now() - this.lastPoll < this.pollMs) return;
    this.pending ??= this.poll().finally(() => {
      this.pending = null;
    });
    await this.pending;
  }

  private async poll(): Promise<void> {
    const entries = await this.journal.entriesOfType(['kill', 'resume'], this.cursor);
    for (const entry of entries) {
      this.cursor = entry.seq;
      // A malformed or unauthorized entry never stops the fleet, and never resumes it either.
      const problem = controlEntryProblem(entry, this.keyring, this.nonces);
      if (problem) {
        this.ignored.push(problem);
        continue;
      }
      const data = entry.data as { scope: KillScope; reason?: string; by?: string };
      const writer = writerOf(entry);
      this.active = this.active.filter((kill) => !sameScope(kill.scope, data.scope));
      const by = writer && this.keyring ? writer.id : typeof data.by === 'string' ? data.by : '';
      if (entry.type === 'kill') {
        this.active.push({ scope: data.scope, reason: typeof data.reason === 'string' ? data.reason : '', by, seq: entry.seq, at: entry.at });
        for (const listener of this.killListeners) listener(data.scope);
      }
    }
    this.lastPoll = performance.now();
  }

  list(): ActiveKill[] {
    return [...this.active];
  }
}
