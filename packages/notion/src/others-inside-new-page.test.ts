// A page the agent created is left in place when others built inside it: a person's comment on the page
// or on a block in it, another session's edit of a block the agent wrote there; even when the create's
// answer was lost and its outcome settled only when the rollback was planned (late). The agent's own
// blocks and comments, in the same session, never keep the page from going. People act through their own
// @notionhq/client; every check reads the simulator's own state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { runtimeEachTest, type TestRuntime, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made));

const state = () => testbed.simulator.inspect();
const outcomes = (report: { steps: Loose[] }) => JSON.stringify(report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason]));
const newPages = (before: Set<string>) => [...state().pages.values()].filter((page) => !before.has(page.id));

/** The agent creates a page with two blocks; with `lost`, the create's answer never arrives and its lookup fails too, so the outcome is settled only at planning. */
async function agentPage(session: Session, lost: boolean): Promise<{ pageId: string; blocks: string[] }> {
  const before = new Set(state().pages.keys());
  const input = { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Agent plan') } }, children: [{ paragraph: { rich_text: text('Agent step one') } }, { to_do: { rich_text: text('Agent step two') } }] };
  if (lost) {
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'drop-after-commit' });
    // Every read after the dropped answer fails, so the runtime cannot settle it by lookup in the call.
    const dropped = () => testbed.simulator.faults.fired().some((fault) => fault.kind === 'drop-after-commit');
    testbed.simulator.faults.inject({ method: 'GET', when: dropped, kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('notion.page.create', input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    testbed.simulator.faults.clear();
  } else await session.run('notion.page.create', input);
  const [page] = newPages(before);
  return { pageId: page!.id, blocks: [...page!.children] };
}

describe('others’ work inside a page the agent created', () => {
  for (const lost of [false, true]) {
    const when = lost ? ' (the create’s answer lost, settled at planning)' : '';
    it(`a person’s comment on the page keeps it${when}`, async () => {
      const session = await runtime.startSession({ agentId: 'planner' });
      const { pageId } = await agentPage(session, lost);
      await session.end();
      const comment = await testbed.human.comments.create({ parent: { page_id: pageId }, rich_text: text('Dana: keep this') });
      const report = await runtime.rollback(session.id);
      expect(report.steps.find((step) => step.action === 'notion.page.create')?.status, outcomes(report)).toBe('conflict');
      expect(state().pages.get(pageId)!.inTrash).toBe(false);
      expect(state().comments.get(comment.id)!.deleted).toBe(false);
    });

    it(`a person’s comment on a block the agent wrote there keeps it${when}`, async () => {
      const session = await runtime.startSession({ agentId: 'planner' });
      const { pageId, blocks } = await agentPage(session, lost);
      await session.end();
      await testbed.human.comments.create({ parent: { block_id: blocks[1]! }, rich_text: text('Dana: not this step') });
      const report = await runtime.rollback(session.id);
      expect(report.steps.find((step) => step.action === 'notion.page.create')?.status, outcomes(report)).toBe('conflict');
      expect(state().pages.get(pageId)!.inTrash).toBe(false);
    });

    it(`another session’s edit of a block the agent wrote there keeps it${when}`, async () => {
      const session = await runtime.startSession({ agentId: 'planner' });
      const { pageId, blocks } = await agentPage(session, lost);
      await session.end();
      const other = await runtime.startSession({ agentId: 'helper' });
      await other.run('notion.block.update', { block_id: blocks[0]!, paragraph: { rich_text: text('Helper reworded step one') } });
      await other.end();
      const report = await runtime.rollback(session.id);
      expect(report.steps.find((step) => step.action === 'notion.page.create')?.status, outcomes(report)).toBe('conflict');
      expect(state().pages.get(pageId)!.inTrash).toBe(false);
      expect(JSON.stringify(state().blocks.get(blocks[0]!)!.content)).toContain('Helper reworded step one');
    });
  }

  it('a person’s comment keeps it when the agent also changed its properties: that undo reads the page alone, the create’s reads what is inside', async () => {
    const session = await runtime.startSession({ agentId: 'planner' });
    const { pageId } = await agentPage(session, false);
    await session.run('notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '🚧' } });
    await session.end();
    const comment = await testbed.human.comments.create({ parent: { page_id: pageId }, rich_text: text('Dana: keep this') });
    const report = await runtime.rollback(session.id);
    expect(report.steps.find((step) => step.action === 'notion.page.create')?.status, outcomes(report)).toBe('conflict');
    expect(state().pages.get(pageId)!.inTrash).toBe(false);
    expect(state().comments.get(comment.id)!.deleted).toBe(false);
  });

  it('undoing only a property change asks Notion for the page and the update, not the page’s blocks and comments', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'planner' });
    await session.run('notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '🚧' } });
    await session.end();
    testbed.simulator.log.clear();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 1 });
    expect(testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, ':id')}`)).toEqual(['GET /v1/pages/:id', 'PATCH /v1/pages/:id']);
    expect(state().pages.get(pageId)!.icon).toBeNull();
  });

  it('the agent’s own blocks, comments (on the page and on its blocks) and edits in the same session do not keep it', async () => {
    const session = await runtime.startSession({ agentId: 'planner' });
    const { pageId, blocks } = await agentPage(session, false);
    await session.run('notion.block.update', { block_id: blocks[0]!, paragraph: { rich_text: text('Agent step one, reworded') } });
    await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Agent step three') } }] });
    await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: done') });
    await session.run('notion.comment.create', { parent: { block_id: blocks[1]! }, rich_text: text('Agent: check this step') });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 5, conflict: 0, failed: 0 });
    expect(state().pages.get(pageId)!.inTrash).toBe(true);
    expect([...state().comments.values()].filter((comment) => comment.pageId === pageId && !comment.deleted)).toEqual([]);
  });
});
