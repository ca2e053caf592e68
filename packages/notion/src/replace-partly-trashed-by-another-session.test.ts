// A content replacement whose answer was lost, settled only when its rollback is planned, after another
// agent on the same token deleted one of its new blocks (two alike: the same paragraph twice). The lookup
// finds the block still on the page, and must find the one in the trash too (the other session's
// journaled delete names it): else the replacement is recorded as making one block, and once its
// rollback ran first, undoing the other session's delete brings the agent's second block back onto the
// page with no report naming it (incident seed notion 38300036, older first). Every check reads the
// simulator's state.
import { expect, it } from 'vitest';
import type { Runtime } from '@backspace/core';
import { blockViews, paragraphs, reportInShort, runtimeEachTest, withAnswerLost, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));
const { inTrash, liveIds } = blockViews(() => testbed);

it("the older agent's block another session deleted stays in the trash when both are rolled back, the older first", async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const old = liveIds(pageId);
  const agent = await runtime.startSession({ agentId: 'writer' });
  await withAnswerLost(testbed, { method: 'PATCH', path: `/v1/blocks/${pageId}/children` }, () => agent.run('notion.page.replace_content', { page_id: pageId, children: paragraphs('Ship it', 'Ship it') }));
  await agent.end();
  const added = liveIds(pageId).filter((id) => !old.includes(id));
  expect(added).toHaveLength(2);
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.block.delete', { block_id: added[1]! });
  await tidier.end();

  const first = await runtime.rollback(agent.id);
  expect(added.map(inTrash), reportInShort(first)).toEqual([true, true]);
  const second = await runtime.rollback(tidier.id);
  expect(added.map(inTrash), reportInShort(second)).toEqual([true, true]);
  expect(old.map(inTrash)).toEqual(old.map(() => false));
  expect(first.counts.failed + second.counts.failed).toBe(0);
});
