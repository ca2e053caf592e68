import { describe, expect, it } from 'vitest';
import { fitWidths, truncate } from './output.js';

describe('tables that fit the terminal', () => {
  it('leaves columns alone when they fit', () => {
    expect(fitWidths([10, 20, 5], 80)).toEqual([10, 20, 5]);
  });

  it('cuts the widest columns first, down to the room left', () => {
    const widths = fitWidths([14, 28, 120, 300], 200);
    expect(widths.reduce((sum, width) => sum + width, 0) + 2 * 3).toBeLessThanOrEqual(200);
    expect(widths[0]).toBe(14);
    expect(widths[1]).toBe(28);
  });

  it('never cuts a column below a few characters, even on a very narrow terminal', () => {
    expect(Math.min(...fitWidths([40, 40, 40], 10))).toBeGreaterThanOrEqual(6);
  });

  it('marks a cut cell with an ellipsis and keeps one line', () => {
    expect(truncate('a long line\nwith a break', 10)).toBe('a long li…');
    expect(truncate('short', 10)).toBe('short');
  });
});
