// What each Asana action costs at the provider, counted at the simulator (its own request log, not the
// adapter): every action declares the fewest requests one call needs, and one call costs exactly that;
// its rollback costs two requests a step, three where Asana answers the inverse with an empty object.
import { expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { createAsanaAdapter } from './adapter.js';

/** Inverses whose writes Asana answers with an empty object (a task's projects and tags): verified by a read. */
const ANSWERED_EMPTY = ['asana.task.project.add', 'asana.task.project.remove', 'asana.task.tag.add'];

it('every action declares its minimum number of requests, one call costs no more, and undoing it 2 a step (3 where the inverse answers nothing)', async () => {
  const declared = createAsanaAdapter({ token: 'declared-only' }).actions.map((action) => [action.name, action.minimumRequests ?? null]);
  expect(declared.filter(([, minimum]) => minimum === null)).toEqual([]);
  const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: asanaConformanceCases });
  expect(costs.map((cost) => cost.action).sort()).toEqual(declared.map(([name]) => name).sort());
  expect(costs.map(({ action, requests }) => [action, requests])).toEqual(costs.map(({ action, minimum }) => [action, minimum]));
  // Undoing one call: one batched read to plan and the write, whose answer (the task, or gone) verifies
  // it; a write answered with an empty object is verified by one more read.
  const overBudget = costs.filter(({ action, rollbackRequests, rollbackSteps }) => rollbackSteps > 0 && rollbackRequests > (ANSWERED_EMPTY.includes(action) ? 3 : 2) * rollbackSteps);
  expect(overBudget.map(({ action, rollbackRequests, rollbackSteps }) => `${action}: ${rollbackRequests} requests for ${rollbackSteps} step(s)`)).toEqual([]);
}, 60_000);
