// What every connector's actions cost at the provider, measured at its simulator from its own
// conformance cases (any package with src/conformance/cases.ts and environments.ts takes part): no
// call may cost more than the minimum its action declares. `BACKSPACE_REQUESTS_REPORT=<file>` writes
// the figures the benchmark reports (calls.<action>, calls.overheadRatio, rollback.requestsPerStep).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { budgetFigures, measureRequestBudget, type ActionCost, type ConformanceCase, type ConformanceEnvironment } from '@backspace/testkit';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));
const connectors = readdirSync(packages).filter((name) => existsSync(`${packages}${name}/src/conformance/cases.ts`) && existsSync(`${packages}${name}/src/conformance/environments.ts`));
const costs: ActionCost[] = [];

describe('request budgets', () => {
  for (const connector of connectors) {
    it(`${connector}: no action costs more than the minimum it declares`, async () => {
      const casesModule = (await import(`${packages}${connector}/src/conformance/cases.ts`)) as Record<string, unknown>;
      const cases = Object.values(casesModule).find((value): value is ConformanceCase[] => Array.isArray(value) && typeof (value[0] as ConformanceCase | undefined)?.arrange === 'function');
      const { simulatorEnvironment } = (await import(`${packages}${connector}/src/conformance/environments.ts`)) as { simulatorEnvironment: () => Promise<ConformanceEnvironment> };
      expect(cases, `${connector}/src/conformance/cases.ts exports its cases`).toBeDefined();
      const measured = await measureRequestBudget({ setup: () => simulatorEnvironment(), journal: () => createSqliteJournal({ path: ':memory:' }), cases: cases! });
      costs.push(...measured);
      const over = measured.filter((cost) => cost.minimum !== null && cost.requests > cost.minimum).map((cost) => `${cost.action}: ${cost.requests} requests, declares ${cost.minimum}`);
      expect(over).toEqual([]);
      const report = process.env.BACKSPACE_REQUESTS_REPORT;
      if (report) writeFileSync(report, JSON.stringify(budgetFigures(costs)));
    }, 120_000);
  }
});
