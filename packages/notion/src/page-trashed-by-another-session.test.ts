// A subpage whose create answer was lost is settled only when the rollback is planned. Another agent on
// the same token found the page meanwhile and put it in the trash, and both sessions are rolled back as
// one incident: the undo of that trash brings the page back, so the create's lookup must find the page
// in the trash (Notion lists no trashed subpage) or the agent's page is left in the open with the report
// saying nothing (incident fuzzer seed 32600100). Every check reads the simulator's state.
import { expect, it } from 'vitest';
import type { Runtime } from '@backspace/core';
import { runtimeEachTest, text, withAnswerLost, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const titled = (title: string) => [...state().pages.values()].filter((page) => JSON.stringify(page.properties).includes(title));

it('an incident rollback leaves in the trash the page another session trashed, its create settled late', async () => {
  const parentId = testbed.simulator.seed.parentPageId;
  const agent = await runtime.startSession({ agentId: 'planner' });
  // The page is made, its answer lost, and every request after it fails: the outcome is unknown.
  await withAnswerLost(testbed, { method: 'POST', path: '/v1/pages' }, () => agent.run('notion.page.create', { parent: { page_id: parentId }, properties: { title: { title: text('Launch checklist') } } }));
  await agent.end();
  const [page] = titled('Launch checklist');
  expect(page?.inTrash).toBe(false);

  // Another agent on the same token finds the page and trashes it.
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.page.trash', { page_id: page!.id });
  await tidier.end();

  const report = await runtime.rollbackIncident({ sessions: [agent.id, tidier.id] });

  expect(state().pages.get(page!.id)!.inTrash).toBe(true);
  expect(report.steps.map((step) => [step.action, step.outcome]).sort()).toEqual([['notion.page.create', 'verified'], ['notion.page.trash', 'verified']]);
});
