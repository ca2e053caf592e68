// Paces one Web API method to its tier so the adapter never spends a request on a 429: at most
// `requests` calls whose answers came back within any `windowMs`, counting a call still in flight as
// just sent. Counting from the answer, not from the send, keeps it right however late a request
// arrives: Slack counts it on arrival, which is never after its answer.
import type { Clock } from '@backspace/core';

interface Slot {
  /** When the answer came back, on the adapter's clock; undefined while the call is in flight. */
  answeredAt?: number;
}

export class CallGate {
  private readonly slots: Slot[] = [];
  private queue: Promise<void> = Promise.resolve();
  private pausedUntil = -Infinity;
  private readonly answered = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: { requests: number; windowMs: number },
  ) {}

  /**
   * Runs `call` once a slot is free, callers in the order they asked. A caller stopped while it waits
   * (`stop`: the kill switch's signal) gives up at once, sends nothing, and frees its turn.
   */
  async run<T>(call: () => Promise<T>, stop?: AbortSignal): Promise<T> {
    const slot: Slot = {};
    const turn = this.queue.then(() => this.take(slot));
    this.queue = turn.catch(() => undefined);
    if (stop && (await Promise.race([turn.then(() => false), abortOf(stop)]))) {
      void turn.then(() => this.release(slot));
      throw new WaitStopped(stop.reason);
    }
    await turn;
    try {
      return await call();
    } finally {
      slot.answeredAt = this.clock.now();
      for (const wake of [...this.answered]) wake();
    }
  }

  /** After a 429 (the app's kind was not what the adapter was told): nobody goes before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private async take(slot: Slot): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.slots.length > 0 && this.slots[0]!.answeredAt !== undefined && this.slots[0]!.answeredAt <= now - this.limit.windowMs) this.slots.shift();
      const busy = this.slots.filter((held) => held.answeredAt === undefined || held.answeredAt > now - this.limit.windowMs);
      if (now >= this.pausedUntil && busy.length < this.limit.requests) {
        this.slots.push(slot);
        return;
      }
      const settled = busy.map((held) => held.answeredAt).filter((at): at is number => at !== undefined);
      const freesAt = busy.length < this.limit.requests ? now : settled.length > 0 ? Math.min(...settled) + this.limit.windowMs : Infinity;
      const wait = Math.max(this.pausedUntil, freesAt) - now;
      // A slot held by a call in flight frees only once its answer comes back (then a window later).
      await (Number.isFinite(wait) ? this.clock.sleep(Math.max(wait, 1)) : this.nextAnswer());
    }
  }

  /** A slot taken for a caller that stopped waiting: it never sent, so it holds nothing. */
  private release(slot: Slot): void {
    slot.answeredAt = -Infinity;
    for (const wake of [...this.answered]) wake();
  }

  private nextAnswer(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.answered.delete(wake);
        resolve();
      };
      this.answered.add(wake);
    });
  }
}

/** A caller stopped while it waited for its turn: nothing was sent. */
export class WaitStopped extends Error {
  override readonly name = 'WaitStopped';
  constructor(cause: unknown) {
    super('stopped by the caller while waiting for its turn under the tier; nothing was sent', { cause });
  }
}

function abortOf(signal: AbortSignal): Promise<true> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(true), { once: true }));
}
