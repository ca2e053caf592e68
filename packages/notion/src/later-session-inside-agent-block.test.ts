// Agent A appended a toggle to a page; agent B (a later session on the same token) wrote a block inside
// the toggle; the operator rolls back A first, then B. A's rollback keeps the toggle (what is under it
// changed since). B's rollback takes B's block out, which puts the toggle back as A left it, and then
// finishes A's undo: the toggle goes to the trash too. B's append is staged on the toggle's own
// children, A's on the page's: B's undo changes the toggle's state in the page (`Adapter.affects`), and
// the owed undo is found there. A person's block under the toggle keeps it still. Read back from the
// simulator's state; the person acts through their own @notionhq/client.
import { expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { runtimeEachTest, seededBlocks, text, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const inTrash = (blockId: string) => testbed.simulator.inspect().blocks.get(blockId)!.inTrash;
const appended = (result: unknown) => (result as { results: { id: string }[] }).results.map((block) => block.id);

async function toggleWithLaterSessionsBlock() {
  const a = await runtime.startSession({ agentId: 'planner' });
  const [toggle] = appended(await a.run('notion.block.append', { block_id: testbed.simulator.seed.parentPageId, children: [{ toggle: { rich_text: text('Rollout details') } }] }));
  await a.end();
  const b = await runtime.startSession({ agentId: 'helper' });
  const [inner] = appended(await b.run('notion.block.append', { block_id: toggle!, children: [{ paragraph: { rich_text: text('Helper’s part') } }] }));
  await b.end();
  return { a, b, toggle: toggle!, inner: inner! };
}

it("the later session's rollback takes its block out of the toggle, then trashes the toggle the earlier rollback kept", async () => {
  const { a, b, toggle, inner } = await toggleWithLaterSessionsBlock();

  const first = await runtime.rollback(a.id);
  expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.block.append', 'conflict']]);
  expect(inTrash(toggle)).toBe(false);

  const second = await runtime.rollback(b.id);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'notion.block.append', 'verified'],
    [a.id, 'notion.block.append', 'verified'],
  ]);
  expect({ inner: inTrash(inner), toggle: inTrash(toggle) }).toEqual({ inner: true, toggle: true });
});

it("a person's block under the toggle keeps it after the later session's rollback, named as a conflict", async () => {
  const { a, b, toggle } = await toggleWithLaterSessionsBlock();
  const { results } = await testbed.human.blocks.children.append({ block_id: toggle, children: [{ paragraph: { rich_text: text('Dana: my notes') } }] });

  await runtime.rollback(a.id);
  const second = await runtime.rollback(b.id);
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'notion.block.append', 'verified'],
    [a.id, 'notion.block.append', 'conflict'],
  ]);
  expect({ toggle: inTrash(toggle), persons: inTrash(results[0]!.id) }).toEqual({ toggle: false, persons: false });
});

it("the agent's edit of another block in the same page, kept for a person's change, is not planned again when the toggle goes", async () => {
  const other = seededBlocks(testbed.simulator).find((id) => testbed.simulator.inspect().blocks.get(id)?.type === 'paragraph')!;
  const a = await runtime.startSession({ agentId: 'planner' });
  await a.run('notion.block.update', { block_id: other, paragraph: { rich_text: text('Agent wording') } });
  const [toggle] = appended(await a.run('notion.block.append', { block_id: testbed.simulator.seed.parentPageId, children: [{ toggle: { rich_text: text('Rollout details') } }] }));
  await a.end();
  await testbed.human.blocks.update({ block_id: other, paragraph: { rich_text: text('Dana’s wording') } });
  const b = await runtime.startSession({ agentId: 'helper' });
  await b.run('notion.block.append', { block_id: toggle!, children: [{ paragraph: { rich_text: text('Helper’s part') } }] });
  await b.end();

  expect((await runtime.rollback(a.id)).steps.map((step) => [step.action, step.outcome])).toEqual([
    ['notion.block.append', 'conflict'],
    ['notion.block.update', 'conflict'],
  ]);
  const second = await runtime.rollback(b.id);
  // B's undo changed the toggle's state in the page, which A's append made, not the edited block's: only the append is owed.
  expect(second.steps.map((step) => [step.sessionId, step.action, step.outcome])).toEqual([
    [b.id, 'notion.block.append', 'verified'],
    [a.id, 'notion.block.append', 'verified'],
  ]);
  expect(inTrash(toggle!)).toBe(true);
  const paragraph = (await testbed.human.blocks.retrieve({ block_id: other })) as { paragraph: { rich_text: { plain_text: string }[] } };
  expect(paragraph.paragraph.rich_text.map((part) => part.plain_text).join('')).toBe('Dana’s wording');
});
