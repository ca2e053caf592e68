// Wakes a process's idle audit workers when a job it queued falls due. pg-boss hands a job out only to
// a worker that asks, and an idle worker asks every poll interval (0.5 s at least): without this, a
// job waits up to that long after its due time, and a backlog found at start waits for the first poll.
// Jobs queued by other supervisors are still found by polling.

/** Due times kept at most; past this many, polling alone finds the rest. */
const MAX_KEPT = 10_000;
/** Fired this long after a due time, so the database's clock has passed it too. */
const SLACK_MS = 2;

export class DueAlarm {
  private readonly due: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  constructor(private readonly wake: () => void) {}

  /** Remembers due times (ms since the epoch) and wakes the workers at the earliest. */
  add(dueTimes: number[]): void {
    if (this.stopped) return;
    for (const at of dueTimes) {
      if (this.due.length >= MAX_KEPT) break;
      this.due.push(at);
    }
    this.due.sort((left, right) => left - right);
    this.arm();
  }

  private arm(): void {
    const now = Date.now();
    let passed = 0;
    while (passed < this.due.length && this.due[passed]! <= now) passed += 1;
    if (passed > 0) {
      this.due.splice(0, passed);
      this.wake();
    }
    const next = this.due[0];
    if (next === undefined || next + SLACK_MS >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next + SLACK_MS;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.arm();
    }, this.timerAt - now);
    // A pending alarm must not keep the process alive on its own.
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due.length = 0;
  }
}
