// Rollback under adversity (issue 18): one object under two names, one block touched by several actions,
// steps on a page and the blocks in it, others' work inside what the agent created, and writes that may
// or may not have landed. People act through their own @notionhq/client; every check reads the
// simulator's own state, never the adapter under test.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { inspectChildren, inspectPage } from './simulator/index.js';
import { runtimeEachTest, type TestRuntime, seededBlocks, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made));

const state = () => testbed.simulator.inspect();
const page = (pageId: string) => inspectPage(state(), pageId) as Loose;
const liveIds = (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id);
const outcomes = (report: { steps: Loose[] }) => JSON.stringify(report.steps.map((step) => [step.action, step.status, step.outcome, step.reason, step.error ?? null]));
const shout = (id: string) => id.replace(/-/g, '').toUpperCase();
const appended = (result: unknown) => (result as { results: { id: string }[] }).results.map((block) => block.id);

describe('one object under two names', () => {
  it('a row named with and without dashes, in any case, is one resource: both updates undone, neither blamed on someone else', async () => {
    const rowId = testbed.simulator.seed.rowIds[0]!;
    const before = page(rowId);
    const session = await runtime.startSession({ agentId: 'namer' });
    await session.run('notion.page.update', { page_id: rowId, properties: { Status: { status: { name: 'In progress' } } } });
    await session.run('notion.page.update', { page_id: shout(rowId), properties: { Status: { status: { name: 'Done' } } } });
    await session.run('notion.block.append', { block_id: shout(rowId), children: [{ paragraph: { rich_text: text('Note') } }] });
    await session.end();
    const plan = await runtime.planRollback(session.id);
    expect(new Set(plan.steps.map((step) => step.resource))).toEqual(new Set([`notion.page:${rowId}`, `notion.children:${rowId}`]));
    expect(plan.steps.map((step) => step.status), outcomes(plan)).toEqual(['undo', 'undo', 'undo']);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 3, conflict: 0, failed: 0 });
    expect(page(rowId)).toEqual(before);
  });
});

describe('one block touched by several actions', () => {
  it('append, then update the same block: the block goes, update and all', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = page(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    const [scratch] = appended(await session.run('notion.block.append', { block_id: pageId, children: [{ to_do: { rich_text: text('Scratch') } }] }));
    await session.run('notion.block.update', { block_id: scratch!, to_do: { rich_text: text('Scratch, checked'), checked: true } });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect(state().blocks.get(scratch!)!.inTrash).toBe(true);
    expect(page(pageId)).toEqual(before);
  });

  it('append, then delete the same block: the scratch block does not come back', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = page(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    const [scratch] = appended(await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Scratch') } }] }));
    await session.run('notion.block.delete', { block_id: scratch! });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ failed: 0, conflict: 0 });
    expect(state().blocks.get(scratch!)!.inTrash).toBe(true);
    expect(page(pageId)).toEqual(before);
  });
});

describe('steps on a page and on the blocks in it', () => {
  for (const order of ['delete, then append', 'append, then delete'] as const) {
    it(`${order}: the deleted block comes back, in its place, and stays`, async () => {
      const pageId = testbed.simulator.seed.parentPageId;
      const before = page(pageId);
      const idsBefore = liveIds(pageId);
      const victim = seededBlocks(testbed.simulator)[1]!;
      const session = await runtime.startSession({ agentId: 'editor' });
      const remove = () => session.run('notion.block.delete', { block_id: victim });
      const add = () => session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Added') } }] });
      if (order === 'delete, then append') await remove().then(add);
      else await add().then(remove);
      await session.end();
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 2, failed: 0, conflict: 0 });
      expect(liveIds(pageId)).toEqual(idsBefore);
      expect(page(pageId)).toEqual(before);
    });
  }
});

describe('others’ work inside what the agent created', () => {
  async function agentPage(session: Awaited<ReturnType<Runtime['startSession']>>): Promise<{ pageId: string; ownBlock: string; ownComment: string }> {
    const created = (await session.run('notion.page.create', { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Agent plan') } } })) as Loose;
    const [ownBlock] = appended(await session.run('notion.block.append', { block_id: created.id, children: [{ paragraph: { rich_text: text('Agent step') } }] }));
    const comment = (await session.run('notion.comment.create', { parent: { page_id: created.id }, rich_text: text('Agent note') })) as Loose;
    return { pageId: created.id, ownBlock: ownBlock!, ownComment: comment.id };
  }

  it('the agent’s own blocks and comments are undone first and do not block the page’s trash', async () => {
    const session = await runtime.startSession({ agentId: 'planner' });
    const { pageId } = await agentPage(session);
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 3, conflict: 0, failed: 0 });
    expect(page(pageId)).toMatchObject({ in_trash: true });
  });

  it('a person’s block and comment in the agent’s page make its trash a conflict; the agent’s own are still undone', async () => {
    const session = await runtime.startSession({ agentId: 'planner' });
    const { pageId, ownBlock, ownComment } = await agentPage(session);
    await session.end();
    const [humanBlock] = (await testbed.human.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: text('Dana’s idea') } }] })).results.map((block) => block.id);
    const humanComment = await testbed.human.comments.create({ parent: { page_id: pageId }, rich_text: text('Dana: keep this page') });

    const plan = await runtime.planRollback(session.id);
    const create = plan.steps.find((step) => step.action === 'notion.page.create')!;
    expect(create.status).toBe('conflict');
    expect(create.reason).toContain(`notion.comment:${humanComment.id} by someone outside Backspace`);
    expect(create.reason).toContain(`notion.block:${humanBlock}`);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed, outcomes(report)).toBe(0);
    expect(page(pageId).in_trash).toBe(false);
    expect(liveIds(pageId)).toEqual([humanBlock]);
    expect(state().blocks.get(ownBlock)!.inTrash).toBe(true);
    expect(state().comments.get(ownComment)!.deleted).toBe(true);
    expect(state().comments.get(humanComment.id)!.deleted).toBe(false);
  });

  it('another session’s content in the page, on the same token, makes it a conflict that names that session', async () => {
    const first = await runtime.startSession({ agentId: 'planner' });
    const { pageId } = await agentPage(first);
    await first.end();
    const second = await runtime.startSession({ agentId: 'helper' });
    const [theirBlock] = appended(await second.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Helper’s part') } }] }));
    const theirComment = (await second.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Helper was here') })) as Loose;
    await second.end();

    const report = await runtime.rollback(first.id);
    const create = report.steps.find((step) => step.action === 'notion.page.create')!;
    expect(create.status, outcomes(report)).toBe('conflict');
    expect(create.reason).toContain(`notion.comment:${theirComment.id} by session ${second.id} (agent helper)`);
    expect(page(pageId).in_trash).toBe(false);
    expect(liveIds(pageId)).toEqual([theirBlock]);
    expect(state().comments.get(theirComment.id)!.deleted).toBe(false);
  });
});

describe('writes that may or may not have landed', () => {
  it('a second identical append by another session really happens after a 5xx, and its rollback takes only its own block', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const first = await runtime.startSession({ agentId: 'one' });
    const [earlier] = appended(await first.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Same line') } }] }));
    await first.end();
    testbed.simulator.faults.inject({ method: 'PATCH', path: '/v1/blocks/{block_id}/children', kind: 'server-error', status: 503 });
    const second = await runtime.startSession({ agentId: 'two' });
    const [later] = appended(await second.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Same line') } }] }));
    await second.end();
    expect(testbed.simulator.faults.fired().map((fault) => fault.kind)).toEqual(['server-error']);
    expect(later).not.toBe(earlier);
    const sameLines = liveIds(pageId).filter((id) => JSON.stringify(state().blocks.get(id)!.content).includes('Same line'));
    expect(sameLines).toEqual([earlier, later]);

    expect((await runtime.rollback(second.id)).byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(state().blocks.get(later!)!.inTrash).toBe(true);
    expect(state().blocks.get(earlier!)!.inTrash).toBe(false);
  });

  it('a replacement refused after its new content landed is an unknown outcome, settled by what landed, and rolled back', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = page(pageId);
    testbed.simulator.faults.inject({ method: 'DELETE', path: '/v1/blocks/{block_id}', kind: 'server-error', status: 400 });
    const session = await runtime.startSession({ agentId: 'writer' });
    const call = () => session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('New only') } }] }, { idempotencyKey: 'replace-1' });
    await expect(call()).rejects.toMatchObject({ code: 'outcome_unknown' });
    expect(JSON.stringify(page(pageId).content)).toContain('New only');
    // The same call settles it from what landed: the new block is found, not written again.
    const settled = (await call()) as Loose;
    await session.end();
    const newOnly = liveIds(pageId).filter((id) => JSON.stringify(state().blocks.get(id)!.content).includes('New only'));
    expect(newOnly).toEqual(settled.appended);
    expect(newOnly).toHaveLength(1);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 1, failed: 0 });
    expect(page(pageId)).toEqual(before);
  });
});
