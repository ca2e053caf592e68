// What one agent action and its rollback really cost at the provider: requests counted at the
// simulator (its own log, not the adapter), against the minimum each action declares. A connector's
// conformance cases are all it needs: each case runs twice in one environment, the first call (undone)
// paying for what an adapter looks up once (its identity), the second measured.
import { createRuntime, type JournalStore } from '@backspace/core';
import type { ConformanceCase, ConformanceEnvironment } from './adapter-conformance.js';

export interface ActionCost {
  action: string;
  /** Requests the provider received for one call, after the adapter's one-time lookups. */
  requests: number;
  /** What the action declares as its minimum (`minimumRequests`), or null when it declares none. */
  minimum: number | null;
  /** Requests the provider received to plan, run and verify the rollback of that one call. */
  rollbackRequests: number;
  /** Steps the rollback ran (0 for an irreversible action). */
  rollbackSteps: number;
}

export interface RequestBudgetOptions {
  setup(): Promise<ConformanceEnvironment>;
  journal(): JournalStore;
  cases: ConformanceCase[];
}

export async function measureRequestBudget(options: RequestBudgetOptions): Promise<ActionCost[]> {
  const costs: ActionCost[] = [];
  for (const entry of options.cases) {
    const environment = await options.setup();
    const journal = options.journal();
    try {
      const { simulator, adapter } = environment;
      if (!simulator) throw new Error('measuring requests needs a simulator');
      const definition = adapter.actions.find((action) => action.name === entry.action);
      if (!definition) throw new Error(`the adapter declares no action ${entry.action}`);
      const runtime = createRuntime({ journal, adapters: [adapter], policy: [] });
      // A first call, undone, so the measured one pays nothing the adapter looks up once. An
      // irreversible action cannot be undone: it is measured cold, one-time lookups included.
      if (definition.reversibility !== 'irreversible') {
        const warm = await runtime.startSession({ agentId: 'budget-warm-up' });
        await environment.prepare?.();
        await warm.run(entry.action, await entry.arrange(environment));
        await warm.end();
        await runtime.rollback(warm.id);
      }

      await environment.prepare?.();
      const input = await entry.arrange(environment);
      const session = await runtime.startSession({ agentId: 'budget' });
      simulator.log.clear();
      await session.run(entry.action, input);
      const requests = simulator.log.entries().length;
      await session.end();
      simulator.log.clear();
      const report = await runtime.rollback(session.id);
      // BACKSPACE_REQUESTS_TRACE=1 prints what each rollback asked the provider, to find what to cut.
      if (process.env.BACKSPACE_REQUESTS_TRACE) console.log(`rollback of ${entry.action}:\n${simulator.log.entries().map((logged) => `  ${logged.method} ${logged.path}`).join('\n')}`);
      costs.push({
        action: entry.action,
        requests,
        minimum: definition.minimumRequests ?? null,
        rollbackRequests: simulator.log.entries().length,
        rollbackSteps: report.steps.filter((step) => step.outcome !== 'skipped').length,
      });
    } finally {
      await journal.close();
      await environment.close();
    }
  }
  return costs;
}

/** The benchmark's figures: `calls.<action>`, `calls.<action>.minimum`, `calls.overheadRatio`, `rollback.<action>` (requests per step), `rollback.requestsPerStep`. */
export function budgetFigures(costs: ActionCost[]): Record<string, number | null> {
  const figures: Record<string, number | null> = {};
  let spent = 0;
  let minima = 0;
  let rollbackRequests = 0;
  let rollbackSteps = 0;
  for (const cost of costs) {
    figures[`calls.${cost.action}`] = cost.requests;
    figures[`calls.${cost.action}.minimum`] = cost.minimum;
    // What one step of its rollback costs: planning read, the inverse's writes, the verification.
    if (cost.rollbackSteps > 0) figures[`rollback.${cost.action}`] = Number((cost.rollbackRequests / cost.rollbackSteps).toFixed(3));
    // Over the actions that declare a minimum; the others are counted in `calls.undeclaredMinimums`.
    if (cost.minimum !== null) {
      spent += cost.requests;
      minima += cost.minimum;
    }
    rollbackRequests += cost.rollbackRequests;
    rollbackSteps += cost.rollbackSteps;
  }
  figures['calls.overheadRatio'] = minima === 0 ? null : Number((spent / minima).toFixed(3));
  figures['calls.undeclaredMinimums'] = costs.filter((cost) => cost.minimum === null).length;
  figures['rollback.requestsPerStep'] = rollbackSteps === 0 ? null : Number((rollbackRequests / rollbackSteps).toFixed(3));
  return figures;
}
