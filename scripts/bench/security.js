// The security suite as figures: runs test/security/ (every tampering and authorization attack of the
// journal, on SQLite and PostgreSQL) and reports how many were tried, detected and refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function run() {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-bench-security-'));
  const report = join(directory, 'security.json');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/security'], {
    cwd: root,
    env: { ...process.env, BACKSPACE_SECURITY_REPORT: report },
    encoding: 'utf8',
  });
  try {
    if (vitest.status !== 0) throw new Error(`the security suite failed:\n${vitest.stdout}\n${vitest.stderr}`);
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
