// What one call of each action costs at Notion (issue #19), counted at the simulator's own request log:
// the pre-state read once, the write, and only what the write's answer cannot say (the blocks under new
// blocks); never a read-back of what the answer already carries, nor a second listing for the lookup's
// baseline. Each call runs through core's runtime and is then rolled back.
import { describe, expect, it } from 'vitest';
import { createRuntime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { measureRequestBudget } from '@backspace/testkit';
import { notionConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';
import { createTestbed, seededBlocks, text } from './test-support.js';

describe('requests per call', () => {
  it('every action costs exactly the minimum it declares, on the conformance cases’ shapes', async () => {
    const costs = await measureRequestBudget({ setup: simulatorEnvironment, journal: () => createSqliteJournal({ path: ':memory:' }), cases: notionConformanceCases });
    const counted = Object.fromEntries(costs.map((cost) => [cost.action, cost.requests]));
    // Before: page.create 5, block.append 11, block.update 9, block.delete 8, replace_content 14, comment.create 10.
    expect(counted).toEqual({
      'notion.page.create': 2,
      'notion.page.update': 2,
      'notion.page.trash': 2,
      'notion.block.append': 5,
      'notion.block.update': 5,
      'notion.block.delete': 5,
      'notion.page.replace_content': 8,
      'notion.comment.create': 4,
    });
    expect(Object.fromEntries(costs.map((cost) => [cost.action, cost.minimum]))).toEqual(counted);
  }, 60_000);

  it('no write is read back: each call’s requests, in order', async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
      const { parentPageId } = testbed.simulator.seed;
      // Any action by name, as the requests helper below takes them.
      const session: Session = await runtime.startSession({ agentId: 'counted' });
      await session.run('notion.comment.create', { parent: { page_id: parentPageId }, rich_text: text('warm up') }); // the integration's identity, asked once
      const requests = async (name: string, input: unknown) => {
        testbed.simulator.log.clear();
        const result = await session.run(name, input);
        return { result, sent: testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, '{id}')}`) };
      };
      const page = await requests('notion.page.create', { parent: { page_id: parentPageId }, properties: { title: { title: text('Counted') } } });
      expect(page.sent).toEqual(['GET /v1/blocks/{id}/children', 'POST /v1/pages']);
      const pageId = (page.result as { id: string }).id;
      const withBlocks = await requests('notion.page.create', { parent: { page_id: parentPageId }, properties: { title: { title: text('Counted, with blocks') } }, children: [{ paragraph: { rich_text: text('one') } }] });
      expect(withBlocks.sent).toEqual(['GET /v1/blocks/{id}/children', 'POST /v1/pages', 'GET /v1/blocks/{id}/children']);
      const append = await requests('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('flat') } }] });
      expect(append.sent).toEqual(['GET /v1/blocks/{id}/children', 'GET /v1/comments', 'PATCH /v1/blocks/{id}/children']);
      const [block] = (append.result as { results: { id: string }[] }).results;
      // The agent's own block: the comments on it are part of its state, listed with the container.
      const update = await requests('notion.block.update', { block_id: block!.id, paragraph: { rich_text: text('flat, edited') } });
      expect(update.sent).toEqual(['GET /v1/blocks/{id}', 'GET /v1/blocks/{id}/children', 'GET /v1/comments', 'GET /v1/comments', 'PATCH /v1/blocks/{id}']);
      const comment = await requests('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('counted') });
      expect(comment.sent).toEqual(['GET /v1/blocks/{id}/children', 'GET /v1/comments', 'GET /v1/comments', 'POST /v1/comments']);
      const replace = await requests('notion.page.replace_content', { page_id: pageId, children: [{ heading_1: { rich_text: text('new') } }] });
      expect(replace.sent).toEqual(['GET /v1/blocks/{id}/children', 'GET /v1/comments', 'GET /v1/comments', 'PATCH /v1/blocks/{id}/children', 'DELETE /v1/blocks/{id}']);
      const remove = await requests('notion.block.delete', { block_id: seededBlocks(testbed.simulator)[0]! });
      expect(remove.sent.at(-1)).toBe('DELETE /v1/blocks/{id}');
      expect(remove.sent.filter((request) => request.startsWith('GET /v1/blocks/{id}')).length + 1).toBe(remove.sent.length - 1);
      await session.end();
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome, JSON.stringify(report.steps.map((step) => [step.action, step.status, step.outcome, step.reason, step.error ?? null]))).toMatchObject({ failed: 0, conflict: 0 });
    } finally {
      await journal.close();
      await testbed.close();
    }
  });
});
