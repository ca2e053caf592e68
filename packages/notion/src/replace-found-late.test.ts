// A content replacement whose answer never came back (its first trash landed, then the connection
// dropped and every read after it failed) is settled only when the rollback is planned, after others may
// have deleted more of the page's old blocks. Only what this write sent to the trash comes back: a block
// another session on the same token deleted (its own journaled write) and one a person deleted stay in
// the trash (incident fuzzer seed 30500093). People act through their own @notionhq/client; every check
// reads the simulator's state.
import { expect, it } from 'vitest';
import type { Runtime } from '@backspace/core';
import { inspectChildren } from './simulator/index.js';
import { runtimeEachTest, text, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const liveIds = (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id);
const inTrash = (blockId: string) => state().blocks.get(blockId)!.inTrash;

it('brings back only the block it trashed, not those another session or a person deleted since', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const original = liveIds(pageId);
  expect(original.length).toBeGreaterThanOrEqual(3);
  // The new content goes in, the first old block goes to the trash, and its answer is lost; every read
  // and write after it fails, so the call ends with its outcome unknown.
  const agent = await runtime.startSession({ agentId: 'writer' });
  testbed.simulator.faults.inject({ method: 'DELETE', path: '/v1/blocks/:block_id', kind: 'drop-after-commit' });
  const dropped = () => testbed.simulator.faults.fired().some((fault) => fault.kind === 'drop-after-commit');
  testbed.simulator.faults.inject({ when: dropped, kind: 'server-error', status: 503, times: 200 });
  await expect(agent.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Rewritten by the agent') } }] })).rejects.toMatchObject({ code: 'outcome_unknown' });
  await agent.end();
  testbed.simulator.faults.clear();
  const [trashedByAgent, deletedBySession, deletedByPerson] = original;
  expect(inTrash(trashedByAgent!)).toBe(true);

  // Another session on the same token deletes the second old block; a person deletes the third.
  const other = await runtime.startSession({ agentId: 'tidier' });
  await other.run('notion.block.delete', { block_id: deletedBySession! });
  await other.end();
  await testbed.human.blocks.delete({ block_id: deletedByPerson! });

  const report = await runtime.rollback(agent.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.replace_content', 'verified']]);
  expect(inTrash(trashedByAgent!)).toBe(false);
  expect(inTrash(deletedBySession!)).toBe(true);
  expect(inTrash(deletedByPerson!)).toBe(true);
  expect(JSON.stringify(liveIds(pageId).map((id) => state().blocks.get(id)!.content))).not.toContain('Rewritten by the agent');
});
