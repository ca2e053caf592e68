// A content replacement whose answer was lost after its new blocks went in, before any old one went to the
// trash, is settled only when the rollback is planned. Another agent on the same token deleted its new
// block meanwhile, and both sessions are rolled back as one incident: the undo of that delete brings the
// block back, so the lookup finds it in the trash (named by that session's journaled delete) and the
// replacement's undo takes it again. A block another session appended with the same content and that was
// trashed since is that session's, never taken for the agent's. Every check reads the simulator's state.
import { expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { appendBlocks, blockViews, paragraphs, reportInShort, runtimeEachTest, withAnswerLost, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { state, inTrash, liveIds, textOf } = blockViews(() => testbed);
const outcomes = reportInShort;

/** The agent replaces the seeded page's content; the append lands, its answer is lost and every request after it fails. Gives the old blocks and the new block. */
async function lostReplace(session: Session, line: string): Promise<{ old: string[]; added: string }> {
  const pageId = testbed.simulator.seed.parentPageId;
  const old = liveIds(pageId);
  await withAnswerLost(testbed, { method: 'PATCH', path: `/v1/blocks/${pageId}/children` }, () => session.run('notion.page.replace_content', { page_id: pageId, children: paragraphs(line) }));
  const added = liveIds(pageId).filter((id) => !old.includes(id));
  expect(added.map(textOf)).toEqual([expect.stringContaining(line)]);
  expect(old.map(inTrash)).toEqual(old.map(() => false));
  return { old, added: added[0]! };
}

it('an incident rollback leaves in the trash the new block another session deleted, and the old content in place', async () => {
  const agent = await runtime.startSession({ agentId: 'writer' });
  const { old, added } = await lostReplace(agent, 'Rewritten by the agent');
  await agent.end();
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.block.delete', { block_id: added });
  await tidier.end();

  const report = await runtime.rollbackIncident({ sessions: [agent.id, tidier.id] });
  expect(inTrash(added), outcomes(report)).toBe(true);
  expect(old.map(inTrash)).toEqual(old.map(() => false));
  expect(report.counts.failed + report.counts.conflicts, outcomes(report)).toBe(0);
});

it('a block another session appended with the same words is never taken for the agent\'s: brought back by the undo of a third session\'s delete, it stays in the page', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const agent = await runtime.startSession({ agentId: 'writer' });
  const { old, added } = await lostReplace(agent, 'Rewritten by the agent');
  // A person takes the agent's new block away: nothing on the page is the lost replacement's.
  await testbed.human.blocks.delete({ block_id: added });
  await agent.end();
  const helper = await runtime.startSession({ agentId: 'helper' });
  const [theirs] = await appendBlocks(helper, pageId, paragraphs('Rewritten by the agent'));
  await helper.end();
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.block.delete', { block_id: theirs! });
  await tidier.end();

  const report = await runtime.rollbackIncident({ sessions: [agent.id, tidier.id] });
  expect(inTrash(theirs!), outcomes(report)).toBe(false);
  expect(old.map(inTrash)).toEqual(old.map(() => false));
  const replace = report.steps.find((step) => step.action === 'notion.page.replace_content');
  expect(JSON.stringify(replace ?? null), outcomes(report)).not.toContain(theirs!);
  expect(report.residue.some((line) => line.includes('notion.page.replace_content') && line.includes('outcome unknown')), outcomes(report)).toBe(true);
});
