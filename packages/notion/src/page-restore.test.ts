// The headline: a page's whole content replaced by the agent comes back on rollback, the very same blocks
// (ids, nesting, comments) out of the trash, while a human's later edits are kept.
import { describe, expect, it } from 'vitest';
import { compensationOperations, createRuntime, scaledClock, type Runtime } from '@backspace/core';
import { countTree, inspectChildren, inspectPage, runbookBlocks, wrongBlocks } from './simulator/index.js';
import { appendTree } from './block-tree.js';
import { toNodes } from './actions/page-replace-content.js';
import { NotionApi } from './notion-api.js';
import { runtimeEachTest, type TestRuntime, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made), { realClock: true });

/** A page the human owns, filled with `blocks` through the API. */
async function humanPage(title: string, blocks: Loose[]): Promise<string> {
  const page = await testbed.human.pages.create({ parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text(title) } } });
  await appendTree(new NotionApi(testbed.human, undefined), page.id, toNodes(blocks));
  return page.id;
}

const content = (pageId: string) => (inspectPage(testbed.simulator.inspect(), pageId) as Loose).content as Loose[];
const appendRequests = () => testbed.simulator.log.entries().filter((entry) => entry.method === 'PATCH' && entry.path.endsWith('/children'));
const blockIds = (pageId: string) => (inspectChildren(testbed.simulator.inspect(), pageId) as { id: string }[]).map((child) => child.id);

describe('notion.page.replace_content rollback', () => {
  it('restores all 60 blocks (nested lists four deep, to-dos and their checked state, annotations, links) and keeps the human’s new title', async () => {
    const pageId = await humanPage('Release runbook', runbookBlocks());
    const original = content(pageId);
    const originalIds = blockIds(pageId);
    expect(countTree(runbookBlocks())).toBe(60);

    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.page.replace_content', { page_id: pageId, children: wrongBlocks() });
    await session.end();
    expect(JSON.stringify(content(pageId))).toContain('Delete the staging environment');
    await testbed.human.pages.update({ page_id: pageId, properties: { title: { title: text('Runbook (Dana)') } } });

    const appendsBefore = appendRequests().length;
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0, conflict: 0 });

    const restored = content(pageId);
    // The same blocks, out of the trash: nothing was rebuilt.
    expect(blockIds(pageId)).toEqual(originalIds);
    expect(appendRequests().length).toBe(appendsBefore);
    expect(restored).toEqual(original);
    const page = inspectPage(testbed.simulator.inspect(), pageId) as Loose;
    expect(page.title).toBe('Runbook (Dana)');
    const flat = JSON.stringify(restored);
    expect(flat).toContain('Deepest 4');
    expect(flat).toContain('"url":"https://example.com/wiki"');
    const todo = restored.find((block) => block.type === 'to_do' && block.content.rich_text[0].text.content === 'Task 2.a')!;
    expect(todo.content.checked).toBe(true);
    expect(todo.children.map((child: Loose) => child.content.checked)).toEqual([true, false]);
  });

  it('reads a page of 250 blocks across pages of 100 and brings every block back', async () => {
    const blocks = Array.from({ length: 250 }, (_, index) => ({ paragraph: { rich_text: text(`Line ${index + 1}`) } }));
    const pageId = await humanPage('Long page', blocks);
    const original = content(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Short now') } }] });
    await session.end();
    const pagedReads = testbed.simulator.log.entries().filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/${pageId}/children`));
    expect(pagedReads.length).toBeGreaterThanOrEqual(3);

    expect((await runtime.rollback(session.id)).byOutcome.verified).toBe(1);
    expect(content(pageId)).toEqual(original);
  });

  it('restores a toggle holding 150 children, more than one request may carry', async () => {
    const children = Array.from({ length: 150 }, (_, index) => ({ to_do: { rich_text: text(`Item ${index}`), checked: index % 3 === 0 } }));
    const pageId = await humanPage('Wide toggle', [{ toggle: { rich_text: text('All items'), children } }]);
    const original = content(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.page.replace_content', { page_id: pageId, children: [] });
    await session.end();
    expect(content(pageId)).toEqual([]);
    expect((await runtime.rollback(session.id)).byOutcome.verified).toBe(1);
    expect(content(pageId)).toEqual(original);
  });

  it('keeps the new block a human edited since, brings the rest back, and says so', async () => {
    const pageId = await humanPage('Notes', [{ paragraph: { rich_text: text('Original') } }]);
    const session = await runtime.startSession({ agentId: 'writer' });
    const result = (await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Agent text') } }] })) as Loose;
    await session.end();
    await testbed.human.blocks.update({ block_id: result.appended[0], paragraph: { rich_text: text('Dana built on it') } });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]!.status).toBe('partial');
    expect(plan.steps[0]!.reason).toContain(`block:${result.appended[0]}`);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    const texts = content(pageId).map((block) => block.content.rich_text[0].text.content);
    expect(texts).toEqual(['Original', 'Dana built on it']);
  });

  it('is safe to run twice: a second rollback undoes nothing again', async () => {
    const pageId = await humanPage('Twice', runbookBlocks().slice(0, 5));
    const original = content(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.page.replace_content', { page_id: pageId, children: wrongBlocks() });
    await session.end();
    const first = await runtime.rollback(session.id);
    const again = await runtime.rollback(session.id);
    expect(again.executed).toBe(0);
    expect(content(pageId)).toEqual(original);
    // The operation itself converges when re-run (a crash between its requests): the same blocks, not twice.
    const step = first.steps[0]!;
    const operation = compensationOperations(testbed.adapter)[step.compensation!.operation]!;
    const values = Object.fromEntries(step.compensation!.fields.filter((field) => field.startsWith('block:')).map((field) => [field, step.compensation!.pre?.[field] ?? null]));
    await operation.run({ ...(step.compensation!.input as object), values }, { client: testbed.adapter.client, idempotencyKey: 'again', clock: { now: Date.now, sleep: async () => undefined } });
    expect(content(pageId)).toEqual(original);
  });

  it('a 429 in the middle of the restore is waited out, and the restore goes on', async () => {
    const fast = createRuntime({ journal, adapters: [testbed.adapter], policy: [], clock: scaledClock(100) });
    const pageId = await humanPage('Release runbook', runbookBlocks());
    const original = content(pageId);
    const session = await fast.startSession({ agentId: 'writer' });
    await session.run('notion.page.replace_content', { page_id: pageId, children: wrongBlocks() });
    await session.end();
    const blocksBefore = testbed.simulator.inspect().blocks.size;
    let restores = 0;
    testbed.simulator.faults.inject({ method: 'PATCH', path: '/v1/blocks/{block_id}', when: () => ++restores === 3, kind: 'rate-limit', retryAfterSeconds: 2 });
    const report = await fast.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(testbed.simulator.faults.fired().map((fault) => fault.kind)).toEqual(['rate-limit']);
    expect(content(pageId)).toEqual(original);
    // Nothing was written anew: the blocks came back from the trash.
    expect(testbed.simulator.inspect().blocks.size).toBe(blocksBefore);
  });
});
