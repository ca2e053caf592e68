// Undoing a content replacement when Notion no longer keeps some of the replaced blocks (a person deleted
// them for good from the trash, or its 30 days passed): those are rebuilt from the journaled content in
// their place, under new ids, and the residue says what could not come back exactly; the blocks still
// in the trash come back as themselves. The page is read back through a person's own @notionhq/client.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContentKey, createRuntime, type ContentProtection, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { realPageBlocks } from './real-page.fixture.js';
import { appendTree } from './block-tree.js';
import { toNodes } from './actions/page-replace-content.js';
import { NotionApi } from './notion-api.js';
import { createTestbed, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: ReturnType<typeof createSqliteJournal>;
let runtime: Runtime;
let journalPath: string;

function start(content?: ContentProtection) {
  journalPath = join(tmpdir(), `backspace-rebuild-${randomUUID()}.db`);
  journal = createSqliteJournal({ path: journalPath });
  runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [], ...(content ? { content } : {}) });
}

beforeEach(async () => {
  testbed = await createTestbed();
});
afterEach(async () => {
  await journal.close();
  await testbed.close();
});

/** A page Dana owns, filled with `blocks` through her Client. */
async function danasPage(title: string, blocks: Loose[]): Promise<string> {
  const page = await testbed.human.pages.create({ parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text(title) } } });
  await appendTree(new NotionApi(testbed.human, undefined), page.id, toNodes(blocks));
  return page.id;
}

/** The page's content as Dana's Client reads it: each block's id, type, content and what is under it. */
async function readBack(blockId: string): Promise<Loose[]> {
  const blocks: Loose[] = [];
  let cursor: string | undefined;
  do {
    const page = await testbed.human.blocks.children.list({ block_id: blockId, ...(cursor ? { start_cursor: cursor } : {}) });
    for (const block of page.results as Loose[]) blocks.push({ id: block.id, type: block.type, content: shown(block[block.type]), ...(block.has_children ? { children: await readBack(block.id) } : {}) });
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return blocks;
}

/** What a block shows: its content with rich text as plain text, and a hosted file's url without its signature. */
function shown(content: Loose): Loose {
  const plain = (items: Loose[]) => items.map((item) => item.plain_text).join('');
  const out: Loose = { ...content };
  if (Array.isArray(content.rich_text)) out.rich_text = plain(content.rich_text);
  if (Array.isArray(content.caption)) out.caption = plain(content.caption);
  if (Array.isArray(content.cells)) out.cells = content.cells.map(plain);
  if (content.type === 'file') out.file = content.file.url.split('?')[0];
  return out;
}

const withoutIds = (blocks: Loose[]): Loose[] => blocks.map(({ id: _id, children, ...block }) => ({ ...block, ...(children ? { children: withoutIds(children) } : {}) }));

const RUNBOOK: Loose[] = [
  { heading_2: { rich_text: text('Release steps') } },
  { toggle: { rich_text: text('Before'), children: [{ to_do: { rich_text: text('Freeze merges'), checked: true } }, { bulleted_list_item: { rich_text: text('Tell support'), children: [{ paragraph: { rich_text: text('#support channel') } }] } }] } },
  { paragraph: { rich_text: text('Deploy with the release train.') } },
  { quote: { rich_text: text('Slow is smooth.') } },
  { code: { rich_text: text('make release'), language: 'bash' } },
];

async function replaceThenDelete(pageId: string, forever: (ids: string[]) => string[]) {
  const session = await runtime.startSession({ agentId: 'summariser' });
  await session.run('notion.page.replace_content', { page_id: pageId, children: [{ paragraph: { rich_text: text('Nothing to do here.') } }] });
  await session.end();
  return { session, deleted: testbed.simulator.deleteForever(forever(testbed.simulator.inspect().pages.get(pageId)!.children.filter((id) => testbed.simulator.inspect().blocks.get(id)!.inTrash))) };
}

describe('notion.page.replace_content rollback, for blocks deleted for good', () => {
  it('rebuilds the ones Notion no longer keeps in their place, brings the rest back from the trash, and says what changed', async () => {
    start();
    const pageId = await danasPage('Release runbook', RUNBOOK);
    const before = await readBack(pageId);
    const [heading, toggle, paragraph, quote, code] = before.map((block) => block.id as string);
    const comment = await testbed.human.comments.create({ parent: { block_id: paragraph! } as never, rich_text: text('Dana: check the train times') });
    const { session, deleted } = await replaceThenDelete(pageId, () => [toggle!, paragraph!]);
    expect(deleted).toHaveLength(5); // the toggle, its to-do, list item and paragraph, and the paragraph
    await expect(testbed.human.blocks.retrieve({ block_id: toggle! })).rejects.toMatchObject({ code: 'object_not_found' });

    const report = await runtime.rollback(session.id);

    expect(report.byOutcome, JSON.stringify(report.steps.map((step) => step.error ?? null))).toMatchObject({ verified: 1, failed: 0 });
    const after = await readBack(pageId);
    // The same content in the same order, the agent's paragraph gone.
    expect(withoutIds(after)).toEqual(withoutIds(before));
    // Blocks still in the trash came back as themselves; the two deleted for good are copies.
    const ids = after.map((block) => block.id as string);
    expect([ids[0], ids[3], ids[4]]).toEqual([heading, quote, code]);
    expect(ids[1]).not.toBe(toggle);
    expect(ids[2]).not.toBe(paragraph);
    expect(report.residue).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`block ${toggle} was deleted for good .*rebuilt from the journal as block ${ids[1]}`)),
        expect.stringMatching(new RegExp(`block ${paragraph} was deleted for good .*rebuilt from the journal as block ${ids[2]}`)),
      ]),
    );
    // Dana's comment went with the block Notion deleted: a copy has none, and the residue does not hide it.
    expect((await testbed.human.comments.list({ block_id: ids[2]! })).results).toEqual([]);
    await expect(testbed.human.comments.retrieve({ comment_id: comment.id } as never)).rejects.toMatchObject({ code: 'object_not_found' });
    expect(report.residue.join('\n')).toMatch(/comments/);

    // Nothing left to do: a second rollback runs nothing and rebuilds nothing again.
    const again = await runtime.rollback(session.id);
    expect(again.executed).toBe(0);
    expect(await readBack(pageId)).toEqual(after);
  });

  it('on a page holding every block type, deleted for good entirely: what the API can create is rebuilt, an uploaded image is not, and a synced copy follows its rebuilt original', async () => {
    start();
    const pageId = await danasPage('Incident 42', realPageBlocks());
    const listed = await readBack(pageId);
    const original = listed[11]!.id as string;
    await testbed.human.blocks.children.append({ block_id: pageId, children: [{ synced_block: { synced_from: { block_id: original } } }] as never });
    const before = await readBack(pageId);
    const { session } = await replaceThenDelete(pageId, (trashed) => trashed);

    const report = await runtime.rollback(session.id);

    expect(report.byOutcome, JSON.stringify(report.steps.map((step) => step.error ?? null))).toMatchObject({ verified: 1, failed: 0 });
    const after = await readBack(pageId);
    const image = before.findIndex((block) => block.type === 'image');
    expect(withoutIds(after.map(unsynced))).toEqual(withoutIds(before.filter((_block, index) => index !== image).map(unsynced)));
    // The copy of the synced block now shows the rebuilt original.
    const rebuiltOriginal = after.find((block) => block.type === 'synced_block' && block.content.synced_from === null)!;
    expect(after.at(-1)!.content.synced_from).toEqual({ type: 'block_id', block_id: rebuiltOriginal.id });
    expect(report.residue.join('\n')).toMatch(/not rebuilt: an uploaded image/);
  });

  it('rebuilds from content sealed in the journal: the journal file holds none of the page’s text', async () => {
    start({ mode: 'encrypt', current: 'k1', keys: { k1: createContentKey() } });
    const pageId = await danasPage('Release runbook', RUNBOOK);
    const before = await readBack(pageId);
    const { session } = await replaceThenDelete(pageId, (trashed) => trashed);
    const file = [journalPath, `${journalPath}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1')).join('');
    for (const words of ['Freeze merges', 'Deploy with the release train', 'make release']) expect(file).not.toContain(words);

    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(withoutIds(await readBack(pageId))).toEqual(withoutIds(before));
  });

  it('rebuilds once when the answer to a rebuild is lost: the retried step takes the copy it finds in place', async () => {
    start();
    const pageId = await danasPage('Release runbook', RUNBOOK);
    const before = await readBack(pageId);
    const { session } = await replaceThenDelete(pageId, (trashed) => trashed);
    testbed.simulator.faults.inject({ method: 'PATCH', path: `/v1/blocks/${pageId}/children`, kind: 'drop-after-commit' });

    const report = await runtime.rollback(session.id);

    expect(report.byOutcome, JSON.stringify(report.steps.map((step) => step.error ?? null))).toMatchObject({ verified: 1, failed: 0 });
    expect(testbed.simulator.faults.pending()).toEqual([]);
    expect(withoutIds(await readBack(pageId))).toEqual(withoutIds(before));
  });
});

/** A synced copy names its original by id, which a rebuild changes: compared apart. */
function unsynced(block: Loose): Loose {
  return block.type === 'synced_block' && block.content.synced_from ? { ...block, content: { synced_from: 'a copy' } } : block;
}
