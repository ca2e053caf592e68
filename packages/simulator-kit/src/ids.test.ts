import { describe, expect, it } from 'vitest';
import { createNumericIds, createPrefixedIds, createSlackTs, createTimestamps, createUuids, createVersionCounter, toIsoSeconds } from './ids.js';
import { createManualClock } from './manual-clock.js';

describe('ids, timestamps and versions', () => {
  it('hands out numeric, prefixed and UUID ids in sequence', () => {
    const numbers = createNumericIds(41);
    expect([numbers(), numbers()]).toEqual([41, 42]);
    const channels = createPrefixedIds('C');
    expect([channels(), channels()]).toEqual(['C00000001', 'C00000002']);
    const uuids = createUuids(0xabc);
    const [first, second] = [uuids(), uuids()];
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).toBe('00000abc-0000-4000-8000-000000000001');
    expect(second).not.toBe(first);
  });

  it('gives ISO timestamps from the simulator clock that strictly increase when the clock stands still', () => {
    const clock = createManualClock(Date.UTC(2024, 0, 1));
    const timestamps = createTimestamps(clock);
    expect([timestamps.nextIso(), timestamps.nextIso()]).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.001Z']);
    clock.advance(60_000);
    expect(timestamps.nextIso()).toBe('2024-01-01T00:01:00.000Z');
    expect(toIsoSeconds(Date.UTC(2024, 0, 1, 0, 0, 5, 999))).toBe('2024-01-01T00:00:05Z');
  });

  it('gives Slack ts strings that are unique and increasing', () => {
    const clock = createManualClock(1_700_000_000_000);
    const nextTs = createSlackTs(clock);
    expect([nextTs(), nextTs()]).toEqual(['1700000000.000000', '1700000000.000001']);
    clock.advance(1_500);
    expect(nextTs()).toBe('1700000001.500000');
  });

  it('counts versions per key', () => {
    const versions = createVersionCounter();
    expect(versions.current('page-1')).toBe(0);
    expect([versions.bump('page-1'), versions.bump('page-1'), versions.bump('page-2')]).toEqual([1, 2, 1]);
    expect(versions.current('page-1')).toBe(2);
  });
});
