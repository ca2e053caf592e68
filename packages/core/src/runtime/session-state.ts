// One session as this process tracks it: identity, step counter for derived keys, what it touched.
import type { SessionSoFar } from '../policy/types.js';

export class SessionState implements SessionSoFar {
  actions = 0;
  ended = false;
  readonly resources = new Set<string>();
  readonly resourcesByProvider: Record<string, number> = {};
  private step = 0;

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

  touched(resourceKey: string, provider: string): void {
    if (this.resources.has(resourceKey)) return;
    this.resources.add(resourceKey);
    this.resourcesByProvider[provider] = (this.resourcesByProvider[provider] ?? 0) + 1;
  }
}
