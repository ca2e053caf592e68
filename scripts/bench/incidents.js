// The incident fuzzer (test/incidents) at scale: many more seeded incidents over the five adapters than
// `pnpm test` runs, on seeds CI does not use. Counts what the four promises forbid, known defects
// included (goal: 0 each). INCIDENT_BENCH_RUNS sets the runs per provider (default 200).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS_PER_PROVIDER = Number(process.env.INCIDENT_BENCH_RUNS ?? 200);
const BASE_SEED = 30_000_000;

export async function run() {
  const tallies = mkdtempSync(join(tmpdir(), 'backspace-incidents-'));
  try {
    const started = performance.now();
    const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/incidents/', '--reporter=dot'], {
      cwd: root,
      env: { ...process.env, INCIDENT_RUNS: String(RUNS_PER_PROVIDER), INCIDENT_BASE: String(BASE_SEED), INCIDENT_TALLY_DIR: tallies },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const files = readdirSync(tallies).filter((file) => file.endsWith('.json'));
    if (files.length === 0) throw new Error(`the incident fuzzer wrote no tallies (vitest exited ${vitest.status}):\n${vitest.stdout}\n${vitest.stderr}`);
    const sum = { runs: 0, childRuns: 0, crashes: 0, silentMiss: 0, humanEditLost: 0, doubleUndo: 0, duplicateWrite: 0, unexplained: 0 };
    for (const file of files) {
      const tally = JSON.parse(readFileSync(join(tallies, file), 'utf8'));
      sum.runs += tally.runs;
      sum.childRuns += tally.childRuns;
      sum.crashes += tally.crashes;
      sum.unexplained += tally.unexplained;
      for (const kind of ['silentMiss', 'humanEditLost', 'doubleUndo', 'duplicateWrite']) sum[kind] += tally.counts[kind];
    }
    return {
      'incidents.runs': sum.runs,
      'incidents.providers': files.length,
      'incidents.childProcessRuns': sum.childRuns,
      'incidents.silentMisses': sum.silentMiss,
      'incidents.humanEditsLost': sum.humanEditLost,
      'incidents.doubleUndos': sum.doubleUndo,
      'incidents.duplicateWrites': sum.duplicateWrite,
      'incidents.unexplainedViolations': sum.unexplained,
      'incidents.crashedRuns': sum.crashes,
      'incidents.seconds': Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    rmSync(tallies, { recursive: true, force: true });
  }
}
