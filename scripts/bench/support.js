// Shared bits of the benchmarks: temporary journal files and the built packages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const core = await import('../../packages/core/dist/index.js');
export const sqlite = await import('../../packages/journal-sqlite/dist/index.js');
export const testkit = await import('../../packages/testkit/dist/index.js');

// Journal files run to tens of megabytes: every directory made here goes when the process exits.
const tempDirectories = [];
process.on('exit', () => {
  for (const directory of tempDirectories) rmSync(directory, { recursive: true, force: true });
});

export function tempPath(name) {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-bench-'));
  tempDirectories.push(directory);
  return join(directory, `${name}.db`);
}

export function percentile(values, fraction) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export const round = (value, digits = 3) => Number(value.toFixed(digits));
