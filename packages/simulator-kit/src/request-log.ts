// What the simulator was asked and how it answered, in order, for tests and benchmarks to read.
import type { FaultKind } from './faults.js';

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /**
   * The status the simulator produced; `null` when a `reset` fault sent nothing. After a
   * `drop-after-commit` fault this is the handler's status, which the client never saw.
   */
  readonly status: number | null;
  readonly userId: string | null;
  /** Simulator-clock ms when the request arrived. */
  readonly at: number;
  readonly fault?: FaultKind;
  /** The rate-limit family that answered, when one did. */
  readonly rateLimitFamily?: string;
}

export interface RequestLog {
  entries(): RequestLogEntry[];
  clear(): void;
}

export function createRequestLog(): RequestLog & { record(entry: RequestLogEntry): void } {
  let entries: RequestLogEntry[] = [];
  return {
    entries: () => [...entries],
    clear() {
      entries = [];
    },
    record(entry) {
      entries.push(entry);
    },
  };
}
