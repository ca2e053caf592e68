// One session as this process tracks it: identity, step counter for derived keys, what it touched.
import type { SessionSoFar } from '../policy/types.js';

export class SessionState implements SessionSoFar {
  actions = 0;
  ended = false;
  /** Started with `defer: 'irreversible'`: irreversible actions are held in the outbox, not sent. */
  deferIrreversible = false;
  readonly resources = new Set<string>();
  readonly resourcesByProvider: Record<string, number> = {};
  private step = 0;
  private readonly killsReported = new Set<number>();

  constructor(
    readonly id: string,
    readonly agentId: string,
    readonly correlationId: string | null,
  ) {}

  /** A key derived from session and step, for callers that bring no tool call id. */
  nextDerivedKey(): string {
    this.step += 1;
    return `${this.id}:${this.step}`;
  }

  /** True the first time this session is refused by the kill entry `seq`: only that refusal is journaled. */
  noteBlockedByKill(seq: number): boolean {
    if (this.killsReported.has(seq)) return false;
    this.killsReported.add(seq);
    return true;
  }

  touched(resourceKey: string, provider: string): void {
    if (this.resources.has(resourceKey)) return;
    this.resources.add(resourceKey);
    this.resourcesByProvider[provider] = (this.resourcesByProvider[provider] ?? 0) + 1;
  }
}
