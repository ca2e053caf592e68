// The fuzzer as a test: seeded runs of one provider, every violation printed with its seed and trace.
// INCIDENT_SEED=<n> (with INCIDENT_PROVIDER=<name>) replays one run; INCIDENT_RUNS sets how many;
// INCIDENT_TRACE=1 prints every run's trace, passing or not;
// INCIDENT_TALLY_DIR makes it write its counts there and not fail (the benchmark reads them).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { knownDefect } from './known-defects.js';
import { REGRESSION_SEEDS } from './regressions.js';
import type { ViolationKind } from './invariants.js';
import { kitFor } from './providers/index.js';
import { runIncident, type IncidentResult } from './runner.js';

const BASE_SEED = 20_260_000;

export interface Tally {
  provider: string;
  runs: number;
  childRuns: number;
  crashes: number;
  /** Every violation found, by kind, known defects included. */
  counts: Record<ViolationKind, number>;
  /** Violations no known defect explains (what fails CI). */
  unexplained: number;
  /** Violations a known defect explains, by defect. */
  known: Record<string, number>;
  seconds: number;
}

function seeds(provider: string, runs: number): number[] {
  const only = process.env.INCIDENT_SEED;
  if (only !== undefined) return process.env.INCIDENT_PROVIDER && process.env.INCIDENT_PROVIDER !== provider ? [] : [Number(only)];
  const count = process.env.INCIDENT_RUNS ? Number(process.env.INCIDENT_RUNS) : runs;
  const base = process.env.INCIDENT_BASE ? Number(process.env.INCIDENT_BASE) : BASE_SEED;
  const drawn = Array.from({ length: count }, (_, index) => base + index);
  // The benchmark counts fresh seeds only; tests replay the fixed ones as well.
  if (process.env.INCIDENT_TALLY_DIR) return drawn;
  const regressions = (REGRESSION_SEEDS[provider] ?? []).map(({ seed }) => seed).filter((seed) => !drawn.includes(seed));
  return [...drawn, ...regressions];
}

function describeFailure(result: IncidentResult, lines: string[]): string {
  return [`${result.provider} seed ${result.seed}${result.child ? ' (agent in a child process)' : ''}: reproduce with INCIDENT_SEED=${result.seed} INCIDENT_PROVIDER=${result.provider} npx vitest run test/incidents`, ...lines.map((line) => `  ${line}`), '  trace:', ...result.trace.map((line) => `    ${line}`)].join('\n');
}

export function incidentSuite(provider: string, runs: number): void {
  const chosen = seeds(provider, runs);
  it.skipIf(chosen.length === 0)(`${provider}: ${chosen.length} seeded incident(s) miss nothing, lose no one's work, undo nothing twice and write nothing twice`, async () => {
    const kit = kitFor(provider);
    const started = performance.now();
    const tally: Tally = { provider, runs: 0, childRuns: 0, crashes: 0, counts: { silentMiss: 0, humanEditLost: 0, doubleUndo: 0, duplicateWrite: 0 }, unexplained: 0, known: {}, seconds: 0 };
    const failures: string[] = [];
    const drawn = new Set<string>();
    let declared: string[] = [];
    for (const seed of chosen) {
      let result: IncidentResult;
      try {
        result = await runIncident(kit, seed);
      } catch (error) {
        tally.crashes += 1;
        failures.push(`${provider} seed ${seed}: the run crashed: ${(error as Error).stack ?? error}`);
        continue;
      }
      if (process.env.INCIDENT_TRACE) console.log(`${provider} seed ${seed}:\n${result.trace.map((line) => `  ${line}`).join('\n')}`);
      tally.runs += 1;
      if (result.child) tally.childRuns += 1;
      result.actions.forEach((action) => drawn.add(action));
      declared = result.declared;
      const failing: string[] = [];
      for (const violation of result.violations) {
        const known = knownDefect(violation, result);
        const line = `${violation.kind} ${violation.item}: ${violation.detail}`;
        tally.counts[violation.kind] += 1;
        if (known) {
          tally.known[known.defect.slice(0, 60)] = (tally.known[known.defect.slice(0, 60)] ?? 0) + 1;
          if (!process.env.INCIDENT_TALLY_DIR) console.warn(`${provider} seed ${seed}: known defect (${known.defect.slice(0, 80)}...): ${line}`);
        } else {
          tally.unexplained += 1;
          failing.push(line);
        }
      }
      if (failing.length > 0) failures.push(describeFailure(result, failing));
    }
    tally.seconds = (performance.now() - started) / 1000;
    if (process.env.INCIDENT_TALLY_DIR) {
      mkdirSync(process.env.INCIDENT_TALLY_DIR, { recursive: true });
      writeFileSync(join(process.env.INCIDENT_TALLY_DIR, `${provider}.json`), JSON.stringify(tally));
      return;
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    if (chosen.length >= 20) expect(declared.filter((name) => !drawn.has(name)), 'declared actions the fuzzer never drew').toEqual([]);
  }, Math.max(240_000, chosen.length * 4_000));
}
