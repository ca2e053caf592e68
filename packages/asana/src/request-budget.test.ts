// What each Asana action costs at the provider, counted at the simulator (its own request log, not the
// adapter): every action declares the fewest requests one call needs, and one call costs exactly that.
import { expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { createAsanaAdapter } from './adapter.js';

it('every action declares its minimum number of requests, and one call costs no more', async () => {
  const declared = createAsanaAdapter({ token: 'declared-only' }).actions.map((action) => [action.name, action.minimumRequests ?? null]);
  expect(declared.filter(([, minimum]) => minimum === null)).toEqual([]);
  const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: asanaConformanceCases });
  expect(costs.map((cost) => cost.action).sort()).toEqual(declared.map(([name]) => name).sort());
  expect(costs.map(({ action, requests }) => [action, requests])).toEqual(costs.map(({ action, minimum }) => [action, minimum]));
}, 60_000);
