// What each Asana action costs at the provider, counted at the simulator (its own request log, not the
// adapter): every action declares the fewest requests one call needs, and one call costs exactly that;
// its rollback costs at most three requests a step.
import { expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { createAsanaAdapter } from './adapter.js';

it('every action declares its minimum number of requests, one call costs no more, and undoing it at most 3 a step', async () => {
  const declared = createAsanaAdapter({ token: 'declared-only' }).actions.map((action) => [action.name, action.minimumRequests ?? null]);
  expect(declared.filter(([, minimum]) => minimum === null)).toEqual([]);
  const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: asanaConformanceCases });
  expect(costs.map((cost) => cost.action).sort()).toEqual(declared.map(([name]) => name).sort());
  expect(costs.map(({ action, requests }) => [action, requests])).toEqual(costs.map(({ action, minimum }) => [action, minimum]));
  // Undoing one call: one batched read to plan, the write, one batched read to verify.
  const overBudget = costs.filter(({ rollbackRequests, rollbackSteps }) => rollbackSteps > 0 && rollbackRequests > 3 * rollbackSteps);
  expect(overBudget.map(({ action, rollbackRequests, rollbackSteps }) => `${action}: ${rollbackRequests} requests for ${rollbackSteps} step(s)`)).toEqual([]);
}, 60_000);
