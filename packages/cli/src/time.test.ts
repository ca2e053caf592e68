import { describe, expect, it } from 'vitest';
import { parseTime } from './time.js';

describe('parseTime: times as an operator types them', () => {
  const now = new Date(2026, 2, 10, 15, 30, 0); // 10 March 2026, 15:30 local time

  it('counts durations back from now', () => {
    expect(parseTime('--since', '2h', now)).toBe(new Date(2026, 2, 10, 13, 30, 0).toISOString());
    expect(parseTime('--since', '30m', now)).toBe(new Date(2026, 2, 10, 15, 0, 0).toISOString());
    expect(parseTime('--since', '7d', now)).toBe(new Date(now.getTime() - 7 * 86_400_000).toISOString());
  });

  it('takes today and yesterday as local midnights', () => {
    expect(parseTime('--since', 'yesterday', now)).toBe(new Date(2026, 2, 9).toISOString());
    expect(parseTime('--since', 'Today', now)).toBe(new Date(2026, 2, 10).toISOString());
  });

  it('takes ISO times and dates as they are', () => {
    expect(parseTime('--since', '2026-03-01T09:30:00Z', now)).toBe('2026-03-01T09:30:00.000Z');
    expect(parseTime('--until', '2026-03-01', now)).toBe('2026-03-01T00:00:00.000Z');
    // Leap days are on the calendar: every fourth year, and 2000 (a century divisible by 400).
    expect(parseTime('--since', '2028-02-29', now)).toBe('2028-02-29T00:00:00.000Z');
    expect(parseTime('--since', '2000-02-29T23:59:59Z', now)).toBe('2000-02-29T23:59:59.000Z');
  });

  it('refuses anything else, naming the option and the forms it takes', () => {
    for (const value of ['last tuesday', '1', 'May', '2h ago', '']) {
      expect(() => parseTime('--since', value, now)).toThrow(/--since must be an ISO time .*30m, 2h, 7d.*yesterday/);
    }
  });
});
