// Where appended blocks land: at the end, at the start, or after a given child (`position` or `after`).
import { describe, expect, it } from 'vitest';
import { createTestbed, seededBlocks, text } from '../test-support.js';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';

describe('block append positions', () => {
  it('places blocks at the start, after a block, and at the end, and rollback removes each', async () => {
    const testbed = await createTestbed();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
      const pageId = testbed.simulator.seed.parentPageId;
      const original = [...seededBlocks(testbed.simulator)];
      const session = await runtime.startSession({ agentId: 'placer' });
      const first = (await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('first') } }], position: { type: 'start' } })) as { results: { id: string }[] };
      const middle = (await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('middle') } }], position: { type: 'after_block', after_block: { id: original[1]! } } })) as { results: { id: string }[] };
      const last = (await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('last') } }] })) as { results: { id: string }[] };
      await session.end();
      expect(seededBlocks(testbed.simulator)).toEqual([first.results[0]!.id, original[0], original[1], middle.results[0]!.id, original[2], original[3], last.results[0]!.id]);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 3, failed: 0 });
      const live = seededBlocks(testbed.simulator).filter((id) => !testbed.simulator.inspect().blocks.get(id)!.inTrash);
      expect(live).toEqual(original);
    } finally {
      await journal.close();
      await testbed.close();
    }
  });
});
