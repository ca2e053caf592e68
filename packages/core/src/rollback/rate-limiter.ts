// A per-provider pacer: at most `requests` sends in any window of `windowMs`, counted when each request
// actually goes out, so a late timer or a busy event loop can never bunch sends into one window.
import type { Clock } from '../contract/clock.js';
import type { RateLimit } from '../contract/adapter.js';

/** Providers count requests on arrival; a small margin absorbs network jitter between send and arrival. */
const WINDOW_MARGIN = 0.05;

export class RateLimiter {
  private readonly sent: number[] = [];
  private readonly windowMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private pausedUntil = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly limit: RateLimit,
  ) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) throw new TypeError(`invalid rate limit ${JSON.stringify(limit)}`);
    this.windowMs = limit.windowMs * (1 + WINDOW_MARGIN);
  }

  /**
   * Waits for a free slot and takes it; callers are served in the order they ask. The slot counts from
   * now; a caller with work to do before its request really goes out (a journal append) calls the
   * returned `sending()` just before it, so the window counts from the send the provider sees.
   */
  acquire(): Promise<{ sending(): void }> {
    const turn = this.queue.then(() => this.waitForSlot()).then((stamp) => ({ sending: () => this.restamp(stamp) }));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: nobody goes before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private async waitForSlot(): Promise<number> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      const wait = Math.max(this.pausedUntil - now, this.sent.length >= this.limit.requests ? this.sent[0]! + this.windowMs - now : 0);
      if (wait <= 0) {
        this.sent.push(now);
        return now;
      }
      await this.clock.sleep(wait);
    }
  }

  /** Moves a slot taken at `stamp` to now, keeping the log oldest first. */
  private restamp(stamp: number): void {
    const index = this.sent.indexOf(stamp);
    if (index === -1) return;
    this.sent.splice(index, 1);
    const now = this.clock.now();
    const after = this.sent.findIndex((sent) => sent > now);
    this.sent.splice(after === -1 ? this.sent.length : after, 0, now);
  }
}
