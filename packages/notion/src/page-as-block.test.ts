// A page under a page is also a block there (a child_page block with the page's id), and Notion's blocks
// API reaches it: deleting that block trashes the page, restoring it brings the page back. Written as a
// block, its undo was planned apart from the page's own writes: an agent that created a page and deleted
// it as a block had, after the rollback, its page back and alive, unnamed (the create read as trashed
// already, then the delete's undo restored it). Block actions now refuse pages, naming the page actions.
// Read back from the simulator's state.
import { expect, it } from 'vitest';
import { runtimeEachTest, text, type TestRuntime } from './test-support.js';

let made: TestRuntime;
runtimeEachTest((each) => (made = each));

it('a page the agent created cannot be deleted or edited as a block, and its rollback trashes it', async () => {
  const { testbed, runtime, journal } = made;
  const session = await runtime.startSession({ agentId: 'writer' });
  const page = (await session.run('notion.page.create', { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Scratch') } } })) as { id: string };
  await expect(session.run('notion.block.delete', { block_id: page.id })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/is a page \(a child_page block\).*notion\.page\.trash/) });
  await expect(session.run('notion.block.update', { block_id: page.id, child_page: { title: 'Renamed' } })).rejects.toMatchObject({ code: 'invalid_input' });
  // Refused before anything was sent or journaled as a write.
  expect(testbed.simulator.inspect().pages.get(page.id)!.inTrash).toBe(false);
  expect((await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.intent')).toHaveLength(1);
  await session.run('notion.page.trash', { page_id: page.id });
  await session.end();

  await runtime.rollback(session.id);
  expect(testbed.simulator.inspect().pages.get(page.id)!.inTrash).toBe(true);
});
