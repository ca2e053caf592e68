// The agent appends a toggle, appends a paragraph inside it, then writes on the toggle itself: rewords
// it or trashes it. The write on the toggle is undone on the page's children (the
// toggle's state there holds what is under it), the append inside on the toggle's own children: two
// resources, so the rollback ran the two undos side by side. The toggle's undo then checked its work
// after the paragraph had gone and found "not the expected state" (a failed step, the toggle left in
// place), or wrote into a toggle still in the trash. A write on a block now also names the block's own
// children as what it depends on, so the steps inside it wait for it, newest first. People act through
// their own @notionhq/client; every check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { appendBlocks, blockViews, paragraphs, runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { inTrash, liveIds } = blockViews(() => testbed);
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.outcome ?? null, step.error?.message ?? null, step.residue ?? null]), report.residue]);

const writes: Record<string, (session: Session, toggle: string) => Promise<unknown>> = {
  'rewords the toggle': (session, toggle) => session.run('notion.block.update', { block_id: toggle, toggle: { rich_text: text('Details, reworded') } }),
  'trashes the toggle': (session, toggle) => session.run('notion.block.delete', { block_id: toggle }),
};

describe('the agent writes on a toggle it appended, after appending inside it', () => {
  for (const [write, run] of Object.entries(writes)) {
    it(`${write}: rolled back, every step verified, the toggle and what is in it go`, async () => {
      const pageId = testbed.simulator.seed.parentPageId;
      const before = liveIds(pageId);
      const session = await runtime.startSession({ agentId: 'writer' });
      const [toggle] = await appendBlocks(session, pageId, [{ toggle: { rich_text: text('Details') } }]);
      const [inner] = await appendBlocks(session, toggle!, paragraphs('Step one'));
      await run(session, toggle!);
      await session.end();

      const report = await runtime.rollback(session.id);
      expect({ toggle: inTrash(toggle!), inner: inTrash(inner!) }, outcomes(report)).toEqual({ toggle: true, inner: true });
      expect(liveIds(pageId)).toEqual(before);
      expect(report.steps.map((step) => step.outcome), outcomes(report)).toEqual(['verified', 'verified', 'verified']);
    });
  }
});
