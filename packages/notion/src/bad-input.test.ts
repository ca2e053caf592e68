// Bad input: invalid property types, unknown or unshared ids, blocks over Notion's limits. Each fails
// with a typed error carrying Notion's code (or is refused before sending), and nothing is committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotionAdapter } from './notion-adapter.js';
import { createNotionClient } from './notion-api.js';
import { inspectChildren, inspectPage } from './simulator/index.js';
import { createTestbed, text, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let journal: ReturnType<typeof createSqliteJournal>;
let runtime: Runtime;
let session: Session;

beforeEach(async () => {
  testbed = await createTestbed();
  journal = createSqliteJournal({ path: ':memory:' });
  runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
  session = await runtime.startSession({ agentId: 'careless' });
});
afterEach(async () => {
  await journal.close();
  await testbed.close();
});

const state = () => testbed.simulator.inspect();
const UNKNOWN_ID = '0badc0de-0000-4000-8000-000000000000';

async function failure(action: string, input: unknown): Promise<ProviderError> {
  const error = await session.run(action, input).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function journaledOutcome(): Promise<string[]> {
  return (await journal.sessionEntries(session.id)).map((entry) => entry.type).filter((type) => type.startsWith('action.'));
}

describe('bad input to the Notion adapter', () => {
  it('a property value of the wrong type: validation_error, the row unchanged', async () => {
    const rowId = testbed.simulator.seed.rowIds[0]!;
    const before = inspectPage(state(), rowId);
    const error = await failure('notion.page.update', { page_id: rowId, properties: { Estimate: { number: 'three' }, Status: { status: { name: 'Done' } } } });
    expect(error).toMatchObject({ status: 400, providerCode: 'validation_error', isRetryable: false, outcomeUnknown: false });
    expect(error.requestId).toBeTruthy();
    expect(inspectPage(state(), rowId)).toEqual(before);
    expect(await journaledOutcome()).toEqual(['action.intent', 'action.failed']);
  });

  it('a property of another type than the schema says, or one that does not exist: validation_error', async () => {
    const rowId = testbed.simulator.seed.rowIds[0]!;
    expect(await failure('notion.page.update', { page_id: rowId, properties: { Status: { select: { name: 'Done' } } } })).toMatchObject({ providerCode: 'validation_error', message: expect.stringContaining('Status is expected to be status') });
    expect(await failure('notion.page.update', { page_id: rowId, properties: { Colour: { rich_text: text('red') } } })).toMatchObject({ providerCode: 'validation_error' });
    expect(await failure('notion.page.update', { page_id: rowId, properties: { Shout: { formula: { string: 'x' } } } })).toMatchObject({ providerCode: 'validation_error' });
  });

  it('a status option that does not exist on create: validation_error, no row created', async () => {
    const rows = state().pages.size;
    const error = await failure('notion.page.create', { parent: { data_source_id: testbed.simulator.seed.dataSourceId }, properties: { Name: { title: text('New') }, Status: { status: { name: 'Someday' } } } });
    expect(error.providerCode).toBe('validation_error');
    expect(state().pages.size).toBe(rows);
  });

  it('an unknown page id and a page not shared with the integration: object_not_found', async () => {
    for (const pageId of [UNKNOWN_ID, testbed.simulator.seed.unsharedPageId]) {
      const error = await failure('notion.page.update', { page_id: pageId, properties: { title: { title: text('Mine now') } } });
      expect(error).toMatchObject({ status: 404, providerCode: 'object_not_found', isRetryable: false });
      expect(await failure('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('x') } }] })).toMatchObject({ providerCode: 'object_not_found' });
    }
    expect(inspectPage(state(), testbed.simulator.seed.unsharedPageId)).toMatchObject({ title: 'Salaries (private)', content: [{ type: 'paragraph' }] });
  });

  it('101 blocks in one append, or children nested three levels deep: validation_error, nothing appended', async () => {
    const parent = testbed.simulator.seed.parentPageId;
    const before = inspectChildren(state(), parent);
    const tooMany = Array.from({ length: 101 }, (_, index) => ({ paragraph: { rich_text: text(`b${index}`) } }));
    const wide = await failure('notion.block.append', { block_id: parent, children: tooMany });
    expect(wide).toMatchObject({ providerCode: 'validation_error', message: expect.stringContaining('should be ≤ `100`') });
    const deep = { bulleted_list_item: { rich_text: text('1'), children: [{ bulleted_list_item: { rich_text: text('2'), children: [{ bulleted_list_item: { rich_text: text('3'), children: [{ bulleted_list_item: { rich_text: text('4') } }] } }] } }] } };
    expect(await failure('notion.block.append', { block_id: parent, children: [deep] })).toMatchObject({ providerCode: 'validation_error' });
    const longText = { paragraph: { rich_text: text('x'.repeat(2001)) } };
    expect(await failure('notion.block.append', { block_id: parent, children: [longText] })).toMatchObject({ providerCode: 'validation_error' });
    expect(inspectChildren(state(), parent)).toEqual(before);
  });

  it('replace_content with text over Notion’s 2000 characters is refused before the page is touched', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = inspectPage(state(), pageId);
    const requests = testbed.simulator.log.entries().length;
    const error = await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('x'.repeat(2001)) } }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(testbed.simulator.log.entries().length).toBe(requests);
    expect(inspectPage(state(), pageId)).toEqual(before);
  });

  it('deleting a block already in the trash: Notion refuses it as an edit of an archived block', async () => {
    const blockId = state().pages.get(testbed.simulator.seed.parentPageId)!.children[1]!;
    await session.run('notion.block.delete', { block_id: blockId });
    expect(await failure('notion.block.delete', { block_id: blockId })).toMatchObject({ providerCode: 'validation_error', message: expect.stringContaining('archived') });
  });

  it('over the rate limit: rate_limited with Retry-After, retryable, and the token never in the message', async () => {
    await testbed.close();
    testbed = await createTestbed({ rateLimit: { limit: 3, windowMs: 1000 } });
    const reads = Array.from({ length: 4 }, () => testbed.adapter.read({ provider: 'notion', type: 'block', id: UNKNOWN_ID }).catch((caught: unknown) => caught));
    const outcomes = await Promise.all(reads);
    const limited = outcomes.find((outcome) => outcome instanceof ProviderError) as ProviderError;
    expect(limited).toMatchObject({ status: 429, providerCode: 'rate_limited', isRetryable: true, outcomeUnknown: false });
    expect(limited.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(limited.message).not.toContain(testbed.simulator.tokens.agent);
  });

  it('a request without a Notion-Version header (or with a version the simulator does not serve), or without a token, is refused', async () => {
    const noVersion = await fetch(`${testbed.simulator.url}/v1/pages/${testbed.simulator.seed.parentPageId}`, { headers: { authorization: `Bearer ${testbed.simulator.tokens.agent}` } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ object: 'error', code: 'missing_version' });
    const oldVersion = await fetch(`${testbed.simulator.url}/v1/pages/${testbed.simulator.seed.parentPageId}`, { headers: { authorization: `Bearer ${testbed.simulator.tokens.agent}`, 'notion-version': '2022-06-28' } });
    expect(oldVersion.status).toBe(400);
    expect(await oldVersion.json()).toMatchObject({ object: 'error', code: 'validation_error' });
    const noToken = await createNotionClient('', testbed.simulator.url).pages.retrieve({ page_id: testbed.simulator.seed.parentPageId }).catch((caught: unknown) => caught);
    expect(noToken).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('no token anywhere: invalid_config naming NOTION_TOKEN', () => {
    const saved = process.env.NOTION_TOKEN;
    delete process.env.NOTION_TOKEN;
    try {
      expect(() => createNotionAdapter({})).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('NOTION_TOKEN') }));
      expect(BackspaceError.isInstance((() => { try { createNotionAdapter(); } catch (error) { return error; } })())).toBe(true);
    } finally {
      if (saved !== undefined) process.env.NOTION_TOKEN = saved;
    }
  });

  it('a parameter the action does not take (in_trash on page.update) is refused, not silently dropped', async () => {
    const rowId = testbed.simulator.seed.rowIds[0]!;
    const requests = testbed.simulator.log.entries().length;
    await expect(session.run('notion.page.update', { page_id: rowId, properties: { Reviewed: { checkbox: true } }, in_trash: true })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(testbed.simulator.log.entries().length).toBe(requests);
  });
});
