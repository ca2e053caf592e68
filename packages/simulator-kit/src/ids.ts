// Ids, timestamps and versions that behave like the real ones: unique, stable per run, increasing.
import type { Clock } from '@backspace/core';

/** 1, 2, 3, ... from `start`: GitHub issue numbers and database ids. */
export function createNumericIds(start = 1): () => number {
  let next = start;
  return () => next++;
}

/**
 * Slack-style ids: `prefix` plus an upper-case base-36 counter padded to `width`, e.g. `C0000001A`.
 * Sequential rather than random so a run is reproducible; they still sort in creation order.
 */
export function createPrefixedIds(prefix: string, { width = 8, start = 1 } = {}): () => string {
  const nextNumber = createNumericIds(start);
  return () => prefix + nextNumber().toString(36).toUpperCase().padStart(width, '0');
}

/**
 * Version-4-shaped UUIDs (Notion, Linear, Asana gids are similar), sequential for reproducible runs;
 * `namespace` (up to 8 hex digits) keeps two sequences from colliding.
 */
export function createUuids(namespace = 0): () => string {
  const nextNumber = createNumericIds(1);
  const head = namespace.toString(16).padStart(8, '0').slice(-8);
  return () => `${head}-0000-4000-8000-${nextNumber().toString(16).padStart(12, '0')}`;
}

/**
 * Readings of `read()` that strictly increase: when the clock has not moved since the last reading,
 * the next one is the last plus one unit, so two writes never share a timestamp.
 */
function strictlyIncreasing(read: () => number): () => number {
  let last = -Infinity;
  return () => {
    last = Math.max(Math.floor(read()), last + 1);
    return last;
  };
}

export interface TimestampSource {
  /** Milliseconds on the simulator clock, strictly increasing across calls. */
  nextMs(): number;
  /** `2024-01-02T03:04:05.678Z`, strictly increasing across calls. */
  nextIso(): string;
}

export function createTimestamps(clock: Clock): TimestampSource {
  const nextMs = strictlyIncreasing(() => clock.now());
  return { nextMs, nextIso: () => new Date(nextMs()).toISOString() };
}

/**
 * GitHub's second-precision form, `2024-01-02T03:04:05Z`. Not strictly increasing: like the real
 * service, two writes within a second share it.
 */
export function toIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Slack message timestamps, `1700000000.000100`: seconds and microseconds, unique and increasing. */
export function createSlackTs(clock: Clock): () => string {
  const nextMicros = strictlyIncreasing(() => clock.now() * 1000);
  return () => {
    const micros = nextMicros();
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
}

/** A version number per key (an object id) that each write bumps: ETags, Notion versions, `rev`s. */
export interface VersionCounter {
  /** 0 for a key never bumped. */
  current(key: string): number;
  bump(key: string): number;
}

export function createVersionCounter(): VersionCounter {
  const versions = new Map<string, number>();
  return {
    current: (key) => versions.get(key) ?? 0,
    bump(key) {
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      return version;
    },
  };
}
