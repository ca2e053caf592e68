// Notion's current API version, 2026-03-11: the adapter sends it, the simulator answers in it (`in_trash`
// only, no `archived`; appends placed with `position`, `after` refused) and still answers 2025-09-03,
// the version @notionhq/client sends by default. Checked through the simulator's own record of what it
// was sent and answered, and through a person's Client; never through the adapter.
import { Client, LogLevel, APIResponseError } from '@notionhq/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { SIMULATED_VERSION } from './simulator/index.js';
import { createTestbed, seededBlocks, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: ReturnType<typeof createSqliteJournal>;

beforeEach(async () => {
  testbed = await createTestbed();
  journal = createSqliteJournal({ path: ':memory:' });
});
afterEach(async () => {
  await journal.close();
  await testbed.close();
});

/** A person's Client as the SDK builds it by default: no notionVersion given. */
const defaultClient = () => new Client({ auth: testbed.simulator.tokens.human, baseUrl: testbed.simulator.url, logLevel: LogLevel.ERROR, retry: false });
const refusal = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error as APIResponseError);

describe('Notion API version 2026-03-11', () => {
  it('every request of a session and its rollback is sent as 2026-03-11 and answered without archived', async () => {
    expect(SIMULATED_VERSION).toBe('2026-03-11');
    const runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [] });
    const { parentPageId, rowIds } = testbed.simulator.seed;
    const [first, second] = seededBlocks(testbed.simulator);
    const session = await runtime.startSession({ agentId: 'current' });
    await session.run('notion.page.trash', { page_id: rowIds[1]! });
    await session.run('notion.block.append', { block_id: parentPageId, after: first!, children: [{ paragraph: { rich_text: text('Placed after the heading') } }] });
    await session.run('notion.block.delete', { block_id: second! });
    await session.run('notion.page.replace_content', { page_id: parentPageId, children: [{ paragraph: { rich_text: text('Replaced') } }] });
    await session.end();
    expect((await runtime.rollback(session.id)).byOutcome).toMatchObject({ verified: 4, failed: 0 });

    const answers = testbed.simulator.responses();
    expect(new Set(answers.map((answer) => answer.version))).toEqual(new Set(['2026-03-11']));
    expect(answers.filter((answer) => answer.status >= 400)).toEqual([]);
    expect(JSON.stringify(answers.map((answer) => answer.body))).not.toContain('"archived"');
    expect(JSON.stringify(answers.map((answer) => answer.body))).toContain('"in_trash":true');
    // The block placed with `after` went right after the heading (sent as a position).
    const live = testbed.simulator.inspect().pages.get(parentPageId)!.children.filter((id) => !testbed.simulator.inspect().blocks.get(id)!.inTrash);
    expect(live[0]).toBe(first);
  });

  it('refuses what 2026-03-11 removed: archived in a body, after on an append', async () => {
    const { parentPageId, rowIds } = testbed.simulator.seed;
    const archived = await refusal(testbed.human.pages.update({ page_id: rowIds[0]!, archived: true } as never));
    expect(archived).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining('archived') });
    const after = await refusal(testbed.human.blocks.children.append({ block_id: parentPageId, after: seededBlocks(testbed.simulator)[0]!, children: [{ paragraph: { rich_text: text('x') } }] } as never));
    expect(after).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining('position') });
    expect(testbed.simulator.inspect().pages.get(rowIds[0]!)!.inTrash).toBe(false);
    expect(testbed.simulator.inspect().pages.get(parentPageId)!.children).toHaveLength(4);
  });

  it('still answers 2025-09-03, which the SDK sends by default, with archived beside in_trash', async () => {
    const person = defaultClient();
    const page = (await person.pages.update({ page_id: testbed.simulator.seed.rowIds[0]!, archived: true } as never)) as Loose;
    expect(page).toMatchObject({ archived: true, in_trash: true });
    expect(testbed.simulator.responses().at(-1)!.version).toBe('2025-09-03');
  });

  it('refuses any other version', async () => {
    const old = new Client({ auth: testbed.simulator.tokens.human, baseUrl: testbed.simulator.url, logLevel: LogLevel.ERROR, retry: false, notionVersion: '2022-06-28' });
    expect(await refusal(old.pages.retrieve({ page_id: testbed.simulator.seed.parentPageId }))).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining('Notion-Version') });
  });
});
