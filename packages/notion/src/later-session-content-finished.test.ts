// Agent A created a page; agent B (a later session on the same token) wrote a block and a comment in
// it; the operator rolls back A first, then B. A's rollback keeps the page (B built on it). B's rollback
// takes B's block and comment away, and then finishes A's undo: the page goes to the trash. A's create
// is journaled under the page, its trash names the page's contents, where B's writes sit: owed undos
// find it under the key its inverse names too. A person's block in the page keeps it still. A's reason
// names whose each block is, found through the write that put it in the page. Read back
// from the simulator's state; the person acts through their own @notionhq/client.
import { expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { inspectPage } from './simulator/index.js';
import { runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const inTrash = (pageId: string) => (inspectPage(state(), pageId) as Loose).in_trash as boolean;

async function pageWithLaterSessionsWork() {
  const a = await runtime.startSession({ agentId: 'planner' });
  const { id: pageId } = (await a.run('notion.page.create', { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Launch plan') } } })) as Loose;
  await a.end();
  const b = await runtime.startSession({ agentId: 'helper' });
  const { results } = (await b.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Helper’s part') } }] })) as { results: { id: string }[] };
  const { id: commentId } = (await b.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Helper was here') })) as Loose;
  await b.end();
  return { a, b, pageId: pageId as string, blockId: results[0]!.id, commentId: commentId as string };
}

it("the later session's rollback takes its work away, then trashes the page the earlier rollback kept for it", async () => {
  const { a, b, pageId, blockId, commentId } = await pageWithLaterSessionsWork();

  const first = await runtime.rollback(a.id);
  expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.create', 'conflict']]);
  // Both named as B's: the block too, though it is journaled as the page's contents, not under its own name.
  expect(first.steps[0]!.reason).toMatch(new RegExp(`notion\\.block:${blockId}@\\w+ by session ${b.id} \\(agent helper\\)`));
  expect(first.steps[0]!.reason).toContain(`notion.comment:${commentId} by session ${b.id} (agent helper)`);
  expect(first.steps[0]!.reason).not.toContain('outside Backspace');
  expect(inTrash(pageId)).toBe(false);

  const second = await runtime.rollback(b.id);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'notion.comment.create', 'verified'],
    [b.id, 'notion.block.append', 'verified'],
    [a.id, 'notion.page.create', 'verified'],
  ]);
  expect({ page: inTrash(pageId), block: state().blocks.get(blockId)!.inTrash, comment: state().comments.get(commentId)!.deleted }).toEqual({ page: true, block: true, comment: true });
});

it("a person's block in the page keeps it after the later session's rollback, named as a conflict", async () => {
  const { a, b, pageId } = await pageWithLaterSessionsWork();
  const { results } = await testbed.human.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: text('Dana: my notes') } }] });

  const first = await runtime.rollback(a.id);
  expect(first.steps[0]!.reason).toContain(`notion.block:${results[0]!.id}@`);
  expect(first.steps[0]!.reason).toMatch(/by someone outside Backspace/);
  const second = await runtime.rollback(b.id);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'notion.comment.create', 'verified'],
    [b.id, 'notion.block.append', 'verified'],
    [a.id, 'notion.page.create', 'conflict'],
  ]);
  expect(inTrash(pageId)).toBe(false);
  expect(state().blocks.get(results[0]!.id)!.inTrash).toBe(false);
});
