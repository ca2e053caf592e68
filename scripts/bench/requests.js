// Request budgets as figures: runs test/budgets/ (every connector's actions and their rollbacks,
// measured at the simulators from the conformance cases) and reports calls.<action>, its declared
// minimum, calls.overheadRatio (goal 1.0) and rollback.requestsPerStep (goal at most 3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function run() {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-bench-requests-'));
  const report = join(directory, 'requests.json');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/budgets'], {
    cwd: root,
    env: { ...process.env, BACKSPACE_REQUESTS_REPORT: report },
    encoding: 'utf8',
  });
  try {
    if (vitest.status !== 0) throw new Error(`the request budget suite failed:\n${vitest.stdout}\n${vitest.stderr}`);
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
