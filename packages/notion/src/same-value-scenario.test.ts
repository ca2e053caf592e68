// A person who sets a field of a page to the very value the agent left (moves the row's Status away and
// back, rewords the agent's paragraph and rewords it back) may have made that choice, and Notion names
// only who edited a page or block last, not what: the rollback keeps the agent's value, as a conflict
// naming that person, never puts the earlier one back over theirs. A page nobody touched since costs the
// same requests as before. The person writes with their own Client; state is read from the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createTestbed, seededBlocks, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(adapter?: (testbed: NotionTestbed) => Adapter) {
  const testbed = await createTestbed();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(testbed, journal);
  const runtime = createRuntime({ journal, adapters: [adapter ? adapter(testbed) : testbed.adapter], policy: [] });
  return { ...testbed, runtime };
}

const row = (testbed: NotionTestbed) => testbed.simulator.seed.rowIds[0]!;
const properties = (testbed: NotionTestbed, pageId: string) => testbed.simulator.inspect().pages.get(pageId)!.properties as Loose;
/** The seeded list item under "Ship small": a block whose container is a block. */
const nestedItem = (testbed: NotionTestbed) => testbed.simulator.inspect().blocks.get(seededBlocks(testbed.simulator)[3]!)!.children[0]!;
const appendedIds = (result: unknown) => (result as { results: { id: string }[] }).results.map((block) => block.id);
const inTrash = (testbed: NotionTestbed, blockId: string) => testbed.simulator.inspect().blocks.get(blockId)!.inTrash;
const paragraphText = (testbed: NotionTestbed, blockId: string) => (testbed.simulator.inspect().blocks.get(blockId)!.content as Loose).rich_text.map((part: Loose) => part.text.content).join('');

describe("notion: a person's choice of the agent's own value", () => {
  it('keeps the Status a person moved away and back, and the Notes beside it, as conflicts naming the person', async () => {
    const testbed = await setup();
    const session = await testbed.runtime.startSession({ agentId: 'triage-bot' });
    await session.run('notion.page.update', { page_id: row(testbed), properties: { Status: { status: { name: 'Done' } }, Notes: { rich_text: text('Closed by the agent') } } });
    await session.end();
    await testbed.human.pages.update({ page_id: row(testbed), properties: { Status: { status: { name: 'In progress' } } } });
    await testbed.human.pages.update({ page_id: row(testbed), properties: { Status: { status: { name: 'Done' } } } });

    const report = await testbed.runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining(`set again by ${testbed.simulator.users.human}, who edited the page last`) });
    expect(properties(testbed, row(testbed)).Status).toEqual({ status: { name: 'Done' } });
    // Notion does not say the person left the Notes alone: they stay the agent's too, for the operator to judge.
    expect(properties(testbed, row(testbed)).Notes.rich_text[0].text.content).toBe('Closed by the agent');
  });

  it("keeps the agent's paragraph a person reworded and reworded back, by the block's own last editor", async () => {
    const testbed = await setup();
    const pageId = testbed.simulator.seed.parentPageId;
    const blockId = seededBlocks(testbed.simulator)[1]!;
    const before = paragraphText(testbed, blockId);
    const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
    // A block's write is answered without its page, so it carries no page version: the page's update after
    // it does, and tells the rollback the page was edited since.
    await session.run('notion.block.update', { block_id: blockId, paragraph: { rich_text: text('We write everything down.') } });
    await session.run('notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    await session.end();
    await testbed.human.blocks.update({ block_id: blockId, paragraph: { rich_text: text('We write most things down.') } } as never);
    await testbed.human.blocks.update({ block_id: blockId, paragraph: { rich_text: text('We write everything down.') } } as never);

    const report = await testbed.runtime.rollback(session.id);

    expect(report.counts.conflicts).toBe(2);
    expect(report.steps.map((step) => step.reason)).toEqual([expect.stringContaining('who edited the page last'), expect.stringContaining('who edited the block last')]);
    expect(paragraphText(testbed, blockId)).toBe('We write everything down.');
    expect(paragraphText(testbed, blockId)).not.toBe(before);
  });

  it("keeps the agent's paragraph a person reworded and reworded back when that block's write is the agent's only one on the page", async () => {
    const testbed = await setup();
    const blockId = seededBlocks(testbed.simulator)[1]!;
    const before = paragraphText(testbed, blockId);
    const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
    // The block's own answer carries its last edit, which is the page's: the rollback sees the page edited since.
    await session.run('notion.block.update', { block_id: blockId, paragraph: { rich_text: text('We write everything down.') } });
    await session.end();
    await testbed.human.blocks.update({ block_id: blockId, paragraph: { rich_text: text('We write most things down.') } } as never);
    await testbed.human.blocks.update({ block_id: blockId, paragraph: { rich_text: text('We write everything down.') } } as never);

    const report = await testbed.runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining(`set again by ${testbed.simulator.users.human}, who edited the block last`) });
    expect(paragraphText(testbed, blockId)).toBe('We write everything down.');
    expect(paragraphText(testbed, blockId)).not.toBe(before);
  });

  it('puts back a paragraph nobody touched since with the very requests it took before, and its neighbour edited by a person is no reason to keep it', async () => {
    const requests = async (withHistory: boolean, personEditsNeighbour: boolean) => {
      const testbed = await setup((started) => (withHistory ? started.adapter : { ...started.adapter, versionField: undefined, lastWriters: undefined }));
      const [neighbour, blockId] = seededBlocks(testbed.simulator) as [string, string];
      const before = paragraphText(testbed, blockId);
      const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
      await session.run('notion.block.update', { block_id: blockId, paragraph: { rich_text: text('We write everything down.') } });
      await session.end();
      if (personEditsNeighbour) await testbed.human.blocks.update({ block_id: neighbour, heading_1: { rich_text: text('How we really work') } } as never);
      testbed.simulator.log.clear();
      const report = await testbed.runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
      expect(paragraphText(testbed, blockId)).toBe(before);
      return testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`.replace(/[0-9a-f-]{36}/g, '{id}'));
    };

    const without = await requests(false, false);
    expect(await requests(true, false)).toEqual(without);
    // The page was edited since, by someone: the last editors are read once, and name the neighbour only.
    expect((await requests(true, true)).length).toBeGreaterThan(without.length);
  });

  it('keeps a nested list item a person reworded and reworded back, told by its container block\'s listing', async () => {
    const testbed = await setup();
    const nested = nestedItem(testbed);
    const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
    await session.run('notion.block.update', { block_id: nested, bulleted_list_item: { rich_text: text('and very often') } });
    await session.end();
    await testbed.human.blocks.update({ block_id: nested, bulleted_list_item: { rich_text: text('and sometimes') } } as never);
    await testbed.human.blocks.update({ block_id: nested, bulleted_list_item: { rich_text: text('and very often') } } as never);

    const report = await testbed.runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining(`set again by ${testbed.simulator.users.human}, who edited the block last`) });
    expect(paragraphText(testbed, nested)).toBe('and very often');
  });

  it('puts back a nested list item nobody touched since with the very requests it took before', async () => {
    const requests = async (withHistory: boolean) => {
      const testbed = await setup((started) => (withHistory ? started.adapter : { ...started.adapter, versionField: undefined, lastWriters: undefined }));
      const nested = nestedItem(testbed);
      const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
      await session.run('notion.block.update', { block_id: nested, bulleted_list_item: { rich_text: text('and very often') } });
      await session.run('notion.block.delete', { block_id: nested });
      await session.end();
      testbed.simulator.log.clear();
      const report = await testbed.runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
      expect(paragraphText(testbed, nested)).toBe('and often');
      expect(testbed.simulator.inspect().blocks.get(nested)!.inTrash).toBe(false);
      return testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`.replace(/[0-9a-f-]{36}/g, '{id}'));
    };

    const without = await requests(false);
    expect(await requests(true)).toEqual(without);
  });

  it('puts back a page nobody touched since with the very requests it took before', async () => {
    const requests = async (withHistory: boolean) => {
      const testbed = await setup((started) => (withHistory ? started.adapter : { ...started.adapter, versionField: undefined, lastWriters: undefined }));
      const session = await testbed.runtime.startSession({ agentId: 'triage-bot' });
      await session.run('notion.page.update', { page_id: row(testbed), properties: { Status: { status: { name: 'Done' } } } });
      await session.end();
      testbed.simulator.log.clear();
      const report = await testbed.runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
      expect(properties(testbed, row(testbed)).Status).toEqual({ status: { name: 'Not started' } });
      return testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`.replace(/[0-9a-f-]{36}/g, '{id}'));
    };

    const without = await requests(false);
    expect(await requests(true)).toEqual(without);
  });

  it.each([
    ['a page', (testbed: NotionTestbed) => testbed.simulator.seed.parentPageId],
    ['a block holding others', (testbed: NotionTestbed) => seededBlocks(testbed.simulator)[3]!],
  ])("keeps a block the agent appended to %s, a person reworded and reworded back, when the append is the agent's only write there; its other blocks go", async (_where, container) => {
    const testbed = await setup();
    const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
    // The append's answer carries its blocks' last edits: the rollback sees the container edited since.
    const [reworded, untouched] = appendedIds(
      await session.run('notion.block.append', { block_id: container(testbed), children: [{ paragraph: { rich_text: text('Decisions go in the log.') } }, { paragraph: { rich_text: text('Scratch') } }] }),
    ) as [string, string];
    await session.end();
    await testbed.human.blocks.update({ block_id: reworded, paragraph: { rich_text: text('Decisions go in the wiki.') } } as never);
    await testbed.human.blocks.update({ block_id: reworded, paragraph: { rich_text: text('Decisions go in the log.') } } as never);

    const report = await testbed.runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'partial', reason: expect.stringContaining(`set again by ${testbed.simulator.users.human}, who edited the block last`) });
    expect(inTrash(testbed, reworded)).toBe(false);
    expect(paragraphText(testbed, reworded)).toBe('Decisions go in the log.');
    expect(inTrash(testbed, untouched)).toBe(true);
  });

  it.each([
    ['a page', (testbed: NotionTestbed) => testbed.simulator.seed.parentPageId],
    ['a block holding others', (testbed: NotionTestbed) => seededBlocks(testbed.simulator)[3]!],
  ])('takes back blocks appended to %s that nobody touched since with the very requests it took before', async (_where, container) => {
    const requests = async (withHistory: boolean) => {
      const testbed = await setup((started) => (withHistory ? started.adapter : { ...started.adapter, versionField: undefined, lastWriters: undefined }));
      const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
      const ids = appendedIds(await session.run('notion.block.append', { block_id: container(testbed), children: [{ paragraph: { rich_text: text('Decisions go in the log.') } }, { paragraph: { rich_text: text('Scratch') } }] }));
      await session.end();
      testbed.simulator.log.clear();
      const report = await testbed.runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
      expect(ids.map((id) => inTrash(testbed, id))).toEqual([true, true]);
      return testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`.replace(/[0-9a-f-]{36}/g, '{id}'));
    };

    const without = await requests(false);
    expect(await requests(true)).toEqual(without);
  });

  it("keeps a block a person reworded and reworded back in the content the agent put on a page, when that replacement is the agent's only write there", async () => {
    const testbed = await setup();
    const pageId = testbed.simulator.seed.parentPageId;
    const old = seededBlocks(testbed.simulator)[1]!;
    const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
    // The replacement's last answer (its last trash) carries the page's last edit.
    const { appended } = (await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Decisions go in the log.') } }, { paragraph: { rich_text: text('Scratch') } }] })) as { appended: string[] };
    const [reworded, untouched] = appended as [string, string];
    await session.end();
    await testbed.human.blocks.update({ block_id: reworded, paragraph: { rich_text: text('Decisions go in the wiki.') } } as never);
    await testbed.human.blocks.update({ block_id: reworded, paragraph: { rich_text: text('Decisions go in the log.') } } as never);

    const report = await testbed.runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'partial', reason: expect.stringContaining(`set again by ${testbed.simulator.users.human}, who edited the block last`) });
    expect(inTrash(testbed, reworded)).toBe(false);
    expect(paragraphText(testbed, reworded)).toBe('Decisions go in the log.');
    expect(inTrash(testbed, untouched)).toBe(true);
    expect(inTrash(testbed, old)).toBe(false);
  });

  it('takes back a content replacement nobody touched since with the very requests it took before', async () => {
    const requests = async (withHistory: boolean) => {
      const testbed = await setup((started) => (withHistory ? started.adapter : { ...started.adapter, versionField: undefined, lastWriters: undefined }));
      const pageId = testbed.simulator.seed.parentPageId;
      const seeded = [...seededBlocks(testbed.simulator)];
      const session = await testbed.runtime.startSession({ agentId: 'docs-bot' });
      const { appended } = (await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Decisions go in the log.') } }] })) as { appended: string[] };
      await session.end();
      testbed.simulator.log.clear();
      const report = await testbed.runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
      expect(inTrash(testbed, appended[0]!)).toBe(true);
      expect(seeded.map((id) => inTrash(testbed, id))).not.toContain(true);
      return testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`.replace(/[0-9a-f-]{36}/g, '{id}'));
    };

    const without = await requests(false);
    expect(await requests(true)).toEqual(without);
  });
});
