// An update whose answer never came back is settled when the rollback is planned, by reading what the
// page or block holds now, after people may have edited it. Notion keeps no history of who changed which
// property, so what the page holds is all there is: a write whose every field holds what the agent sent
// (and changed something) landed; a write none of whose changes holds never landed, or is gone; a write
// of which only some changes hold cannot be told from a person's edit, and the rollback names it for the
// operator instead of calling it "never landed" (which left the agent's other fields in place, unreported)
// or taking a person's value for the agent's. People act through their own @notionhq/client; every check
// reads the simulator's state.
import { describe, expect, it } from 'vitest';
import { createRuntime, createWriterKey, scaledClock, type Runtime, type Session, type WriterIdentity } from '@backspace/core';
import { runtimeEachTest, type TestRuntime, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made));

const page = (id: string) => testbed.simulator.inspect().pages.get(id)! as unknown as Loose;
const row = () => testbed.simulator.seed.rowIds[0]!;

/** The agent's write on this path fails as `kind` says (never arriving, or landing with its answer lost), and every read after it fails too. */
async function lostWrite(session: Session, path: string, kind: 'reset' | 'drop-after-commit', action: string, input: Loose, method = 'PATCH') {
  testbed.simulator.faults.inject({ method, path, kind });
  const fired = () => testbed.simulator.faults.fired().length > 0;
  testbed.simulator.faults.inject({ method: 'GET', when: fired, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run(action, input)).rejects.toMatchObject({ code: 'outcome_unknown' });
  testbed.simulator.faults.clear();
}

it('an icon change that never reached Notion is not taken for the agent’s when a person set the icon since', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const session = await runtime.startSession({ agentId: 'decorator' });
  await lostWrite(session, `/v1/pages/${pageId}`, 'reset', 'notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
  await session.end();
  await testbed.human.pages.update({ page_id: pageId, icon: { type: 'emoji', emoji: '🌱' } });

  await runtime.rollback(session.id);
  expect(page(pageId).icon).toMatchObject({ emoji: '🌱' });
});

it('an update of two properties, one changed by a person since, is named for the operator with both values left as they are', async () => {
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/pages/${row()}`, 'drop-after-commit', 'notion.page.update', {
    page_id: row(),
    properties: { Status: { status: { name: 'Done' } }, Notes: { rich_text: text('Closed by the agent') } },
  });
  await session.end();
  await testbed.human.pages.update({ page_id: row(), properties: { Notes: { rich_text: text('Dana: still open for QA') } } });

  const report = await runtime.rollback(session.id);
  expect(report.residue.join('\n')).toMatch(/notion\.page\.update.*outcome unknown: notion: only some of the update's changes hold/s);
  expect(page(row()).properties.Notes.rich_text[0].text.content).toBe('Dana: still open for QA');
  expect(page(row()).properties.Status.status.name).toBe('Done');
});

it('an update whose changes all still hold is found and undone', async () => {
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/pages/${row()}`, 'drop-after-commit', 'notion.page.update', { page_id: row(), properties: { Status: { status: { name: 'Done' } } }, icon: { type: 'emoji', emoji: '✅' } });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.update', 'verified']]);
  expect(page(row()).properties.Status.status.name).toBe('Not started');
  expect(page(row()).icon).toBeNull();
});

it('a to-do’s text and tick, its text changed by a person since, is named for the operator with both left as they are', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const todo = page(pageId).children.find((id: string) => testbed.simulator.inspect().blocks.get(id)!.type === 'to_do')!;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/blocks/${todo}`, 'drop-after-commit', 'notion.block.update', { block_id: todo, to_do: { rich_text: text('Read the handbook again'), checked: false } });
  await session.end();
  await testbed.human.blocks.update({ block_id: todo, to_do: { rich_text: text('Read the handbook twice') } } as never);

  const report = await runtime.rollback(session.id);
  expect(report.residue.join('\n')).toMatch(/notion\.block\.update.*outcome unknown: notion: only some of the update's changes hold/s);
  const content = JSON.stringify(testbed.simulator.inspect().blocks.get(todo)!.content);
  expect(content).toContain('Read the handbook twice');
  expect(content).toContain('"checked":false');
});

it('an update that never reached Notion is not taken for the agent’s when a person made the same change since: their Status stays', async () => {
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/pages/${row()}`, 'reset', 'notion.page.update', { page_id: row(), properties: { Status: { status: { name: 'Done' } } } });
  await session.end();
  await testbed.human.pages.update({ page_id: row(), properties: { Status: { status: { name: 'Done' } } } });

  await runtime.rollback(session.id);
  expect(page(row()).properties.Status.status.name).toBe('Done');
});

it('an update that never reached Notion, made the same by a person, then the page trashed by the agent: the person’s Status stays, the update named (fuzzer seed 30023008)', async () => {
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/pages/${row()}`, 'reset', 'notion.page.update', { page_id: row(), properties: { Status: { status: { name: 'Done' } } } });
  await testbed.human.pages.update({ page_id: row(), properties: { Status: { status: { name: 'Done' } } } });
  // The agent's later write makes it the page's last editor, whoever set the Status.
  await session.run('notion.page.trash', { page_id: row() });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(page(row()).inTrash).toBe(false);
  expect(page(row()).properties.Status.status.name).toBe('Done');
  expect(report.residue.join('\n')).toMatch(/notion\.page\.update.*outcome unknown: .*this session wrote it, or a block in it, again since/s);
});

describe('an icon change that never reached Notion, made the same by a person, then a block in the page edited by the agent', () => {
  // Any edit of a block in a page makes its editor the page's last editor, however deep the block sits.
  const blocks = () => testbed.simulator.inspect().blocks as unknown as Map<string, Loose>;
  const topLevel = () => page(testbed.simulator.seed.parentPageId).children as string[];
  const cases: [string, () => string][] = [
    ['a block directly in the page', () => topLevel()[1]!],
    ['a block inside a list item', () => blocks().get(topLevel()[3]!)!.children[0]],
  ];
  it.each(cases)('the person’s icon stays and the change is named: %s', async (_where, blockId) => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'decorator' });
    await lostWrite(session, `/v1/pages/${pageId}`, 'reset', 'notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    await testbed.human.pages.update({ page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    const type = blocks().get(blockId())!.type as string;
    await session.run('notion.block.update', { block_id: blockId(), [type]: { rich_text: text('Edited by the agent') } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(page(pageId).icon).toMatchObject({ emoji: '📘' });
    expect(report.residue.join('\n')).toMatch(/notion\.page\.update.*outcome unknown: .*this session wrote it, or a block in it, again since/s);
  });

  it('a change that landed is still undone when the agent edited a block in a page under it, not in it', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'decorator' });
    await lostWrite(session, `/v1/pages/${pageId}`, 'drop-after-commit', 'notion.page.update', { page_id: pageId, icon: { type: 'emoji', emoji: '📘' } });
    const subpage = (await session.run('notion.page.create', { parent: { page_id: pageId }, properties: { title: { title: text('Notes') } }, children: [{ paragraph: { rich_text: text('Draft') } }] })) as Loose;
    const paragraph = [...blocks().values()].find((block) => block.pageId === subpage.id)!.id as string;
    await session.run('notion.block.update', { block_id: paragraph, paragraph: { rich_text: text('Final') } });
    await session.end();

    await runtime.rollback(session.id);
    expect(page(pageId).icon).toBeNull();
    expect(page(subpage.id).inTrash).toBe(true);
  });
});

describe('a trash that never reached Notion, then done by a person by hand', () => {
  // Found in the trash, it was taken for the agent's, and the rollback brought back what the person
  // trashed (fuzzer seed 30019631). A trash that landed leaves this integration its last editor.
  it('a block the person deleted stays in the trash', async () => {
    const paragraph = page(testbed.simulator.seed.parentPageId).children.find((id: string) => testbed.simulator.inspect().blocks.get(id)!.type === 'paragraph')!;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await lostWrite(session, `/v1/blocks/${paragraph}`, 'reset', 'notion.block.delete', { block_id: paragraph }, 'DELETE');
    await session.end();
    await testbed.human.blocks.delete({ block_id: paragraph });

    await runtime.rollback(session.id);
    expect(testbed.simulator.inspect().blocks.get(paragraph)!.inTrash).toBe(true);
  });

  // A page takes `in_trash: true` again while in the trash, so a person's trash by hand looks the same
  // whether the agent's had landed or not: the page stays in the trash, and the trash is named.
  const cases: ['reset' | 'drop-after-commit', string][] = [
    ['reset', 'a page the person trashed stays in the trash, the agent’s trash named'],
    ['drop-after-commit', 'a page the agent’s trash did reach, trashed again by the person by hand, stays in the trash and is named (fuzzer seed 30044054)'],
  ];
  it.each(cases)('%s: %s', async (kind) => {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await lostWrite(session, `/v1/pages/${row()}`, kind, 'notion.page.trash', { page_id: row() });
    await session.end();
    await testbed.human.pages.update({ page_id: row(), in_trash: true });

    const report = await runtime.rollback(session.id);
    expect(page(row()).inTrash).toBe(true);
    expect(report.residue.join('\n')).toMatch(/notion\.page\.trash.*outcome unknown: .*in the trash with someone else as its last editor/s);
  });

  it('a trash that landed, its answer lost, is still undone', async () => {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await lostWrite(session, `/v1/pages/${row()}`, 'drop-after-commit', 'notion.page.trash', { page_id: row() });
    await session.end();

    await runtime.rollback(session.id);
    expect(page(row()).inTrash).toBe(false);
  });
});

it('a block update that landed with its answer lost, then written over by a person, is named, and keeps the person’s text (fuzzer seed 30060037)', async () => {
  const heading = page(testbed.simulator.seed.parentPageId).children[0] as string;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/blocks/${heading}`, 'drop-after-commit', 'notion.block.update', { block_id: heading, heading_1: { rich_text: text('How the agent works') } });
  await session.end();
  // Nothing the agent sent holds any more, and nothing is as it was before either.
  await testbed.human.blocks.update({ block_id: heading, heading_1: { rich_text: text('How we work now') } } as never);

  const report = await runtime.rollback(session.id);
  expect(JSON.stringify(testbed.simulator.inspect().blocks.get(heading)!.content)).toContain('How we work now');
  expect(report.residue.join('\n')).toMatch(/notion\.block\.update.*outcome unknown: .*none of the update's changes hold on block .* changed since the update read it/s);
});

it('a to-do ticked off with the answer lost, its text rewritten by a person since, keeps the person’s text', async () => {
  const pageId = testbed.simulator.seed.parentPageId;
  const todo = page(pageId).children.find((id: string) => testbed.simulator.inspect().blocks.get(id)!.type === 'to_do')!;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await lostWrite(session, `/v1/blocks/${todo}`, 'drop-after-commit', 'notion.block.update', { block_id: todo, to_do: { checked: false } });
  await session.end();
  await testbed.human.blocks.update({ block_id: todo, to_do: { rich_text: text('Read the handbook twice') } } as never);

  await runtime.rollback(session.id);
  expect(JSON.stringify(testbed.simulator.inspect().blocks.get(todo)!.content)).toContain('Read the handbook twice');
});

it('a page created with the answer lost, given an icon by a person before the rollback settles it, is kept', async () => {
  const parent = testbed.simulator.seed.parentPageId;
  const session = await runtime.startSession({ agentId: 'writer' });
  testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'drop-after-commit', times: 20 });
  const fired = () => testbed.simulator.faults.fired().length > 0;
  testbed.simulator.faults.inject({ method: 'GET', when: fired, kind: 'server-error', status: 503, times: 50 });
  testbed.simulator.faults.inject({ method: 'POST', path: '/v1/search', when: fired, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run('notion.page.create', { parent: { page_id: parent }, properties: { title: { title: text('Offsite agenda') } } })).rejects.toMatchObject({ code: 'outcome_unknown' });
  await session.end();
  testbed.simulator.faults.clear();
  const made = [...testbed.simulator.inspect().pages.values()].find((candidate) => JSON.stringify(candidate.properties).includes('Offsite agenda'))!;
  await testbed.human.pages.update({ page_id: made.id, icon: { type: 'emoji', emoji: '🗓️' } });

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.create', 'conflict']]);
  expect(page(made.id).inTrash).toBe(false);
});

/** The agent creates a page whose answer is lost, every read after it failing too; gives the page as Notion holds it. */
async function lostCreate(session: Session, parent: Loose, titleProperty: string, title: string, kind: 'drop-after-commit' | 'reset' = 'drop-after-commit'): Promise<Loose | undefined> {
  testbed.simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind, times: 20 });
  const fired = () => testbed.simulator.faults.fired().length > 0;
  testbed.simulator.faults.inject({ method: 'GET', when: fired, kind: 'server-error', status: 503, times: 50 });
  testbed.simulator.faults.inject({ method: 'POST', when: fired, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run('notion.page.create', { parent, properties: { [titleProperty]: { title: text(title) } } })).rejects.toMatchObject({ code: 'outcome_unknown' });
  testbed.simulator.faults.clear();
  return [...testbed.simulator.inspect().pages.values()].find((candidate) => JSON.stringify(candidate.properties).includes(title)) as unknown as Loose | undefined;
}

describe('a page created with its answer lost and trashed later in the same session', () => {
  // A data source's query, a page's children and search all leave trashed pages out: the create's lookup
  // must look in the trash too, or the create reads "never landed" while the undo of the trash brings the
  // agent's page back, unreported.
  const cases = [
    { where: 'a row found by its title', parent: () => ({ data_source_id: testbed.simulator.seed.dataSourceId }), title: 'Name' },
    { where: 'a row found by its key in the marker property', parent: () => ({ data_source_id: testbed.simulator.seed.dataSourceId }), title: 'Name', marker: true },
    { where: 'a subpage, named by the session’s later write', parent: () => ({ page_id: testbed.simulator.seed.parentPageId }), title: 'title' },
  ];
  it('stays in the trash where writers sign the journal: the agent’s own later writes are read, as planning reads them', async () => {
    const agentKey = createWriterKey('writer-bot', 'agent');
    const operatorKey = createWriterKey('ops', 'operator');
    const keyring = { writers: [agentKey.trusted, operatorKey.trusted] };
    const as = (writer: WriterIdentity) => createRuntime({ journal, adapters: [testbed.adapter], policy: [], clock: scaledClock(100), writer, keyring });
    const session = await as(agentKey.identity).startSession({ agentId: 'writer-bot' });
    const made = (await lostCreate(session, { page_id: testbed.simulator.seed.parentPageId }, 'title', 'Ship the beta'))!;
    await session.run('notion.page.trash', { page_id: made.id });
    await session.end();

    const report = await as(operatorKey.identity).rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.trash', 'verified'], ['notion.page.create', 'verified']]);
    expect(page(made.id).inTrash).toBe(true);
  });

  for (const { where, parent, title, marker } of cases) {
    it(`stays in the trash after the rollback: ${where}`, async () => {
      const dataSourceId = testbed.simulator.seed.dataSourceId;
      // The workspace's owner added the marker property to the data source (set up through the simulator).
      if (marker) testbed.simulator.inspect().dataSources.get(dataSourceId)!.properties['Backspace key'] = { id: 'bkey', name: 'Backspace key', type: 'rich_text', config: {} };
      const session = await runtime.startSession({ agentId: 'triage-bot' });
      const made = (await lostCreate(session, parent(), title, 'Ship the beta'))!;
      await session.run('notion.page.trash', { page_id: made.id });
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.trash', 'verified'], ['notion.page.create', 'verified']]);
      expect(page(made.id).inTrash).toBe(true);
    });
  }
});

describe('a page created with its answer lost and renamed by a person before the rollback', () => {
  // Found by neither key nor title: it was reported as never created, and the agent's page stayed,
  // unnamed (fuzzer seed 30012250). It is kept, with the person's title, and named for the operator.
  const cases = [
    { where: 'a subpage', parent: () => ({ page_id: testbed.simulator.seed.parentPageId }), title: 'title' },
    { where: 'a row', parent: () => ({ data_source_id: testbed.simulator.seed.dataSourceId }), title: 'Name' },
  ];
  for (const { where, parent, title } of cases) {
    it(`is named as outcome unknown and kept: ${where}`, async () => {
      const session = await runtime.startSession({ agentId: 'writer' });
      const made = (await lostCreate(session, parent(), title, 'Offsite agenda'))!;
      await session.end();
      await testbed.human.pages.update({ page_id: made.id, properties: { [title]: { title: text('Offsite agenda (Dana’s draft)') } } });

      const report = await runtime.rollback(session.id);
      expect(report.residue.join('\n')).toMatch(new RegExp(`notion\\.page\\.create.*outcome unknown: .*page ${made.id}.*under another title`, 's'));
      expect(page(made.id).inTrash).toBe(false);
      expect(JSON.stringify(page(made.id).properties)).toContain('Dana’s draft');
    });
  }
});

describe('a page create whose answer was lost, followed by the session’s next page under the same parent', () => {
  // The next page is this integration's, made there since the attempt under another title: it was taken
  // for the lost page renamed, and a create that never reached Notion was named as outcome unknown. The
  // journal records it as the next create's, so it is left out; a page a person renamed still is not.
  const parentPage = () => ({ page_id: testbed.simulator.seed.parentPageId });

  it('settles a create that never reached Notion as never landed, and trashes the next page', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    expect(await lostCreate(session, parentPage(), 'title', 'Offsite agenda', 'reset')).toBeUndefined();
    const next = await session.run('notion.page.create', { parent: parentPage(), properties: { title: { title: text('Retro notes') } } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.residue.filter((line) => line.includes('outcome unknown'))).toEqual([]);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.create', 'verified']]);
    expect(page((next as Loose).id).inTrash).toBe(true);
  });

  it('still names a page a person renamed, and only that one', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const made = (await lostCreate(session, parentPage(), 'title', 'Offsite agenda'))!;
    const next = (await session.run('notion.page.create', { parent: parentPage(), properties: { title: { title: text('Retro notes') } } })) as Loose;
    await session.end();
    await testbed.human.pages.update({ page_id: made.id, properties: { title: { title: text('Offsite agenda (Dana’s draft)') } } });

    const report = await runtime.rollback(session.id);
    const unknown = report.residue.filter((line) => line.includes('outcome unknown'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toContain(`page ${made.id}`);
    expect(unknown[0]).not.toContain(next.id);
    expect(page(made.id).inTrash).toBe(false);
    expect(page(next.id).inTrash).toBe(true);
  });
});
