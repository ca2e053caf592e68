// A session of several actions on the same objects, rolled back as a whole.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { inspectPage } from './simulator/index.js';
import { createTestbed, text } from './test-support.js';

type Loose = Record<string, any>;

describe('a Notion session with several actions', () => {
  it('create a page, fill it, rename it, comment on it, update a row, replace another page’s content: all undone', async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
      const { parentPageId, rowIds } = testbed.simulator.seed;
      const rowBefore = inspectPage(testbed.simulator.inspect(), rowIds[0]!);
      const handbookBefore = inspectPage(testbed.simulator.inspect(), parentPageId);
      const session = await runtime.startSession({ agentId: 'busy' });
      const page = (await session.run('notion.page.create', { parent: { page_id: parentPageId }, properties: { title: { title: text('Agent notes') } } })) as Loose;
      await session.run('notion.block.append', { block_id: page.id, children: [{ paragraph: { rich_text: text('one') } }, { to_do: { rich_text: text('two') } }] });
      await session.run('notion.page.update', { page_id: page.id, properties: { title: { title: text('Agent notes v2') } } });
      await session.run('notion.comment.create', { parent: { page_id: page.id }, rich_text: text('done') });
      await session.run('notion.page.update', { page_id: rowIds[0]!, properties: { Status: { status: { name: 'Done' } }, Estimate: { number: 8 } } });
      await session.run('notion.page.replace_content', { page_id: parentPageId, children: [{ paragraph: { rich_text: text('gone') } }] });
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(report.byOutcome, JSON.stringify(report.steps.map((step) => [step.action, step.status, step.error ?? null]))).toMatchObject({ verified: 6, failed: 0, conflict: 0 });
      const state = testbed.simulator.inspect();
      expect(inspectPage(state, page.id)).toMatchObject({ title: 'Agent notes', in_trash: true });
      expect(inspectPage(state, rowIds[0]!)).toEqual(rowBefore);
      expect(inspectPage(state, parentPageId)).toEqual(handbookBefore);
      expect([...state.comments.values()].filter((comment) => !comment.deleted)).toHaveLength(0);
    } finally {
      await journal.close();
      await testbed.close();
    }
  });

  for (const order of ['replace, then append', 'append, then replace'] as const) {
    it(`content written twice to one page (${order}) comes back as it was`, async () => {
      const testbed = await createTestbed();
      const journal = createSqliteJournal({ path: ':memory:' });
      try {
        const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
        const pageId = testbed.simulator.seed.parentPageId;
        const before = inspectPage(testbed.simulator.inspect(), pageId);
        const session = await runtime.startSession({ agentId: 'writer' });
        const replace = () => session.run('notion.page.replace_content', { page_id: pageId, children: [{ heading_1: { rich_text: text('Rewritten') } }] });
        const append = () => session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Appended') } }] });
        if (order === 'replace, then append') await replace().then(append);
        else await append().then(replace);
        await session.end();
        const report = await runtime.rollback(session.id);
        expect(report.byOutcome, JSON.stringify(report.steps.map((step) => [step.action, step.status, step.error ?? null]))).toMatchObject({ verified: 2, failed: 0, conflict: 0 });
        expect(inspectPage(testbed.simulator.inspect(), pageId)).toEqual(before);
      } finally {
        await journal.close();
        await testbed.close();
      }
    });
  }

  it('a replacement followed by an edit of one of its new blocks: one rollback undoes both', async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
      const pageId = testbed.simulator.seed.parentPageId;
      const before = inspectPage(testbed.simulator.inspect(), pageId);
      const session = await runtime.startSession({ agentId: 'writer' });
      const replaced = (await session.run('notion.page.replace_content', { page_id: pageId, children: [{ to_do: { rich_text: text('New task') } }] })) as Loose;
      await session.run('notion.block.update', { block_id: replaced.appended[0], to_do: { checked: true } });
      await session.end();
      expect((await runtime.rollback(session.id)).byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
      expect(inspectPage(testbed.simulator.inspect(), pageId)).toEqual(before);
    } finally {
      await journal.close();
      await testbed.close();
    }
  });

  it('a property written by its id is restored by name', async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
      const { rowIds, dataSourceId } = testbed.simulator.seed;
      const statusId = testbed.simulator.inspect().dataSources.get(dataSourceId)!.properties.Status!.id;
      const before = inspectPage(testbed.simulator.inspect(), rowIds[0]!);
      const session = await runtime.startSession({ agentId: 'by-id' });
      await session.run('notion.page.update', { page_id: rowIds[0]!, properties: { [statusId]: { status: { name: 'In progress' } } } });
      await session.end();
      expect((inspectPage(testbed.simulator.inspect(), rowIds[0]!) as Loose).properties.Status).toEqual({ status: { name: 'In progress' } });
      expect((await runtime.rollback(session.id)).byOutcome).toMatchObject({ verified: 1, failed: 0 });
      expect(inspectPage(testbed.simulator.inspect(), rowIds[0]!)).toEqual(before);
    } finally {
      await journal.close();
      await testbed.close();
    }
  });
});
