// How Notion's failures reach Backspace: the SDK never retries on its own, each failure is a typed
// ProviderError, and whether a write may have landed decides what the runtime does next.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { ProviderError, scaledClock, type Runtime } from '@backspace/core';
import { createNotionAdapter } from './notion-adapter.js';
import { conflictResponse, inspectPage } from './simulator/index.js';
import { runtimeEachTest, type TestRuntime, seededBlocks, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made));

/** A local port nothing listens on: a connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const requestsTo = (method: string, suffix: string) => testbed.simulator.log.entries().filter((entry) => entry.method === method && entry.path.endsWith(suffix)).length;

describe('Notion failures as Backspace sees them', () => {
  it('the SDK does not retry a 429 itself: one request, one ProviderError with Retry-After', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    testbed.simulator.faults.inject({ method: 'GET', path: '/v1/pages/{page_id}', kind: 'rate-limit', retryAfterSeconds: 7 });
    const error = await testbed.adapter.read({ provider: 'notion', type: 'page', id: pageId }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000, isRetryable: true });
    expect(requestsTo('GET', `/v1/pages/${pageId}`)).toBe(1);
  });

  it('conflict_error is retryable and known not to have written; the runtime retries it through', async () => {
    const rowId = testbed.simulator.seed.rowIds[0]!;
    testbed.simulator.faults.inject({ method: 'PATCH', path: '/v1/pages/{page_id}', kind: 'server-error', status: 409, respond: conflictResponse });
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('notion.page.update', { page_id: rowId, properties: { Notes: { rich_text: text('after a conflict') } } });
    expect(testbed.simulator.faults.fired()).toHaveLength(1);
    expect((inspectPage(testbed.simulator.inspect(), rowId) as Loose).properties.Notes.rich_text[0].text.content).toBe('after a conflict');
  });

  it('a reset on a write may have committed it (outcome unknown); on a read it did not', async () => {
    const blockId = seededBlocks(testbed.simulator)[1]!;
    testbed.simulator.faults.inject({ method: 'DELETE', path: '/v1/blocks/{block_id}', kind: 'reset' });
    const onWrite = await testbed.adapter.actions.find((action) => action.name === 'notion.block.delete')!.execute({ block_id: blockId }, { client: testbed.adapter.client, idempotencyKey: 'k', clock: scaledClock(1) }).catch((caught: unknown) => caught);
    expect(onWrite).toBeInstanceOf(ProviderError);
    expect(onWrite).toMatchObject({ isRetryable: true, outcomeUnknown: true });
    testbed.simulator.faults.inject({ method: 'GET', path: '/v1/blocks/{block_id}', kind: 'server-error', status: 503 });
    const onRead = await testbed.adapter.read({ provider: 'notion', type: 'block', id: blockId }).catch((caught: unknown) => caught);
    expect(onRead).toMatchObject({ status: 503, isRetryable: true, outcomeUnknown: false });
  });

  it('a data-source row whose create response was lost is found by title, parent and time: one row', async () => {
    const { dataSourceId } = testbed.simulator.seed;
    const rows = () => [...testbed.simulator.inspect().pages.values()].filter((page) => page.parent.type === 'data_source_id').length;
    const before = rows();
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'agent' });
    const row = (await session.run('notion.page.create', { parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Only once') } } })) as Loose;
    expect(rows()).toBe(before + 1);
    expect(row.properties.Name.title[0].plain_text).toBe('Only once');
  });

  it('where the data source has a "Backspace key" property, the create carries its key and is found by it', async () => {
    const { dataSourceId } = testbed.simulator.seed;
    testbed.simulator.inspect().dataSources.get(dataSourceId)!.properties['Backspace key'] = { id: 'bkey', name: 'Backspace key', type: 'rich_text', config: {} };
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'agent' });
    const row = (await session.run('notion.page.create', { parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Same title') } } }, { idempotencyKey: 'tool-call-42' })) as Loose;
    // The caller's key scoped to its session (the same tool call id in another session is another page).
    expect(row.properties['Backspace key'].rich_text[0].plain_text).toBe(`${session.id}:call:tool-call-42`);
    expect(requestsTo('POST', '/v1/pages')).toBe(1);
  });

  it('every change moves last_edited_time and last_edited_by, on the block and on its page', async () => {
    const { parentPageId } = testbed.simulator.seed;
    const blockId = seededBlocks(testbed.simulator)[1]!;
    const state = testbed.simulator.inspect();
    const pageBefore = state.pages.get(parentPageId)!.lastEditedTime;
    await testbed.human.blocks.update({ block_id: blockId, paragraph: { rich_text: text('Dana was here') } });
    expect(state.blocks.get(blockId)!.lastEditedBy).toBe(testbed.simulator.users.human);
    expect(state.pages.get(parentPageId)!.lastEditedBy).toBe(testbed.simulator.users.human);
    expect(Date.parse(state.pages.get(parentPageId)!.lastEditedTime)).toBeGreaterThan(Date.parse(pageBefore));
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('notion.page.update', { page_id: parentPageId, properties: { title: { title: text('Agent title') } } });
    const page = (await testbed.human.pages.retrieve({ page_id: parentPageId })) as Loose;
    expect(page.last_edited_by.id).toBe(testbed.simulator.users.agent);
  });

  it('a reply whose response was lost is reported as unknown, not posted twice', async () => {
    const { parentPageId } = testbed.simulator.seed;
    const first = (await testbed.human.comments.create({ parent: { page_id: parentPageId }, rich_text: text('Question?') })) as Loose;
    testbed.simulator.faults.inject({ method: 'POST', path: '/v1/comments', kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'agent' });
    await expect(session.run('notion.comment.create', { discussion_id: first.discussion_id, rich_text: text('Answer.') })).rejects.toMatchObject({ code: 'outcome_unknown' });
    const answers = [...testbed.simulator.inspect().comments.values()].filter((comment) => comment.discussionId === first.discussion_id && comment.id !== first.id);
    expect(answers).toHaveLength(1);
  });

  it("a refusal names the request it answers, with Notion's code and request id, and is known not to have written", async () => {
    const missing = '0badc0de-0000-4000-8000-000000000000';
    const trash = testbed.adapter.actions.find((action) => action.name === 'notion.page.trash')!;
    const error = await trash.execute({ page_id: missing }, { client: testbed.adapter.client, idempotencyKey: 'k', clock: scaledClock(1) }).catch((caught: unknown) => caught);
    const answered = testbed.simulator.responses().filter((entry) => entry.method === 'PATCH' && entry.path === `/v1/pages/${missing}`);
    expect(answered).toHaveLength(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: answered[0]!.status, providerCode: (answered[0]!.body as Loose).code, requestId: (answered[0]!.body as Loose).request_id, isRetryable: false, outcomeUnknown: false });
    expect((error as Error).message).toContain(`PATCH /v1/pages/${missing}: 404`);
  });

  it('a write whose connection is refused never left: retryable, and known not to have landed', async () => {
    const adapter = createNotionAdapter({ token: testbed.simulator.tokens.agent, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const trash = adapter.actions.find((action) => action.name === 'notion.page.trash')!;
    const error = await trash.execute({ page_id: testbed.simulator.seed.parentPageId }, { client: adapter.client, idempotencyKey: 'k', clock: scaledClock(1) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'ECONNREFUSED', isRetryable: true, outcomeUnknown: false });
    expect(testbed.simulator.inspect().pages.get(testbed.simulator.seed.parentPageId)!.inTrash).toBe(false);
  });
});
