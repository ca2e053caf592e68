// The kill switch as this process sees it: kill and resume entries in the shared journal, polled.
import type { JournalStore } from '../contract/journal.js';

export type KillScope = 'all' | { agentId: string } | { sessionId: string };

interface ActiveKill {
  scope: KillScope;
  reason: string;
  by: string;
  seq: number;
}

function sameScope(left: KillScope, right: KillScope): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
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

  constructor(
    private readonly journal: JournalStore,
    private readonly pollMs = 200,
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
      const data = entry.data as { scope: KillScope; reason?: string; by?: string };
      this.active = this.active.filter((kill) => !sameScope(kill.scope, data.scope));
      if (entry.type === 'kill') this.active.push({ scope: data.scope, reason: data.reason ?? '', by: data.by ?? '', seq: entry.seq });
      this.cursor = entry.seq;
    }
    this.lastPoll = performance.now();
  }

  list(): ActiveKill[] {
    return [...this.active];
  }
}
