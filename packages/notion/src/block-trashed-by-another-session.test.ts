// An append whose answer was lost is settled only when the rollback is planned. Another agent on the same
// token found one of its blocks meanwhile and deleted it (to the trash), and both sessions are rolled back
// as one incident: the undo of that delete brings the block back, so the append's lookup must find the
// block in the trash (a container's children leave trashed blocks out) or the agent's block is left in
// the page with the report saying nothing. A block another session appended with the same content and
// trashed is that session's, never taken for the agent's. Every check reads the simulator's state.
import { expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { appendBlocks, blockViews, paragraphs, reportInShort, runtimeEachTest, withAnswerLost, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { state, inTrash, liveIds, textOf } = blockViews(() => testbed);
const outcomes = reportInShort;
const unsettled = (report: { residue: string[] }) => report.residue.some((line) => line.includes('notion.block.append') && line.includes('outcome unknown'));

/** The agent appends these paragraphs to the seeded page; the answer is lost and every request after it fails. Gives the new blocks' ids. */
async function lostAppend(session: Session, lines: string[]): Promise<string[]> {
  const pageId = testbed.simulator.seed.parentPageId;
  const before = new Set(liveIds(pageId));
  await withAnswerLost(testbed, { method: 'PATCH', path: `/v1/blocks/${pageId}/children` }, () => session.run('notion.block.append', { block_id: pageId, children: paragraphs(...lines) }));
  const added = liveIds(pageId).filter((id) => !before.has(id));
  expect(added.map(textOf).every((content, index) => content.includes(lines[index]!))).toBe(true);
  return added;
}

it('an incident rollback leaves in the trash the block another session deleted, its append settled late', async () => {
  const agent = await runtime.startSession({ agentId: 'writer' });
  const [first, second] = await lostAppend(agent, ['Step one', 'Step two']);
  await agent.end();
  // Another agent on the same token finds the second block and deletes it.
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.block.delete', { block_id: second! });
  await tidier.end();

  const report = await runtime.rollbackIncident({ sessions: [agent.id, tidier.id] });

  expect([first, second].map((id) => inTrash(id!)), outcomes(report)).toEqual([true, true]);
  expect(report.counts.failed + report.counts.conflicts, outcomes(report)).toBe(0);
});

it('a block another session appended with the same words is never taken for the agent\'s: brought back by the undo of a third session\'s delete, it stays in the page', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const agent = await runtime.startSession({ agentId: 'writer' });
  const [mine] = await lostAppend(agent, ['Step one']);
  // A person takes the agent's block away before the rollback: nothing on the page is the lost append's.
  await testbed.human.blocks.delete({ block_id: mine! });
  await agent.end();
  // Another agent on the same token appends the same paragraph, and a third deletes it.
  const helper = await runtime.startSession({ agentId: 'helper' });
  const [theirs] = await appendBlocks(helper, pageId, paragraphs('Step one'));
  await helper.end();
  const tidier = await runtime.startSession({ agentId: 'tidier' });
  await tidier.run('notion.block.delete', { block_id: theirs! });
  await tidier.end();

  // The writer and the tidier are rolled back, the helper is not: the undo of the delete brings the
  // helper's block back, and it stays, its words as the helper wrote them.
  const report = await runtime.rollbackIncident({ sessions: [agent.id, tidier.id] });
  expect(inTrash(theirs!), outcomes(report)).toBe(false);
  expect(textOf(theirs!)).toContain('Step one');
  expect(inTrash(mine!)).toBe(true);
  // The agent's append is never settled as having made the helper's block: which write made the block in
  // the trash cannot be told, so the report names the append as unsettled.
  const append = report.steps.find((step) => step.action === 'notion.block.append');
  expect(JSON.stringify(append ?? null), outcomes(report)).not.toContain(theirs!);
  expect(unsettled(report), outcomes(report)).toBe(true);
});
