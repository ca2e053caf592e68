// The agent's write lands but its answer is lost, and the lookup in the call cannot run (reads fail):
// seeing "outcome unknown", the agent sends the same write again in the same session, which lands too.
// Notion takes no key on a comment or a subpage, so the rollback settles the lost write by what it sent:
// of this integration's objects with the same words, the retry's is the journal's record of the retry,
// not the lost write's. Taking the newest match, the lost write found the retry's object, was left
// unsettled, and its own comment or page stayed in Notion. Both now go. Read back from the simulator.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { inspectChildren } from './simulator/index.js';
import { runtimeEachTest, runWithAnswerLost, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const liveIds = (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id);
const unknownOutcomes = (report: { residue: string[] }) => report.residue.filter((line) => /outcome unknown|unsettled/i.test(line));

describe('a lost write the agent sent again in the same session', () => {
  it('comment: the rollback deletes both the lost comment and the retry', async () => {
    const words = { parent: { page_id: testbed.simulator.seed.parentPageId }, rich_text: text('Ack, on it') };
    const session = await runtime.startSession({ agentId: 'agent' });
    await runWithAnswerLost(testbed, session, 'notion.comment.create', words, { method: 'POST', path: '/v1/comments' });
    const [first] = [...state().comments.values()].filter((comment) => !comment.deleted);
    const retry = (await session.run('notion.comment.create', words)) as Loose;
    await session.end();
    expect(retry.id).not.toBe(first!.id);

    const report = await runtime.rollback(session.id);
    expect(unknownOutcomes(report)).toEqual([]);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.comment.create', 'verified'], ['notion.comment.create', 'verified']]);
    expect({ lost: state().comments.get(first!.id)!.deleted, retry: state().comments.get(retry.id)!.deleted }).toEqual({ lost: true, retry: true });
  });

  const pageCases = [
    { where: 'a subpage', parent: () => ({ page_id: testbed.simulator.seed.parentPageId }), title: 'title' },
    { where: 'a row of a data source', parent: () => ({ data_source_id: testbed.simulator.seed.dataSourceId }), title: 'Name' },
  ];
  for (const { where, parent, title } of pageCases) {
    it(`page create (${where}): the rollback moves both the lost page and the retry to the trash`, async () => {
      const before = new Set(state().pages.keys());
      const create = { parent: parent(), properties: { [title]: { title: text('Release plan') } } };
      const session = await runtime.startSession({ agentId: 'agent' });
      await runWithAnswerLost(testbed, session, 'notion.page.create', create, { method: 'POST', path: '/v1/pages' });
      const [first] = [...state().pages.keys()].filter((id) => !before.has(id));
      const retry = (await session.run('notion.page.create', create)) as Loose;
      await session.end();
      expect(retry.id).not.toBe(first);

      const report = await runtime.rollback(session.id);
      expect(unknownOutcomes(report)).toEqual([]);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notion.page.create', 'verified'], ['notion.page.create', 'verified']]);
      expect({ lost: state().pages.get(first!)!.inTrash, retry: state().pages.get(retry.id)!.inTrash }).toEqual({ lost: true, retry: true });
    });
  }

  it('page create, both pages trashed later by the agent: the rollback leaves both in the trash', async () => {
    // A trashed subpage is listed nowhere: the lookup reads the pages the session's later writes named.
    const parent = testbed.simulator.seed.parentPageId;
    const before = new Set(state().pages.keys());
    const create = { parent: { page_id: parent }, properties: { title: { title: text('Release plan') } } };
    const session = await runtime.startSession({ agentId: 'agent' });
    await runWithAnswerLost(testbed, session, 'notion.page.create', create, { method: 'POST', path: '/v1/pages' });
    const [first] = [...state().pages.keys()].filter((id) => !before.has(id));
    const retry = (await session.run('notion.page.create', create)) as Loose;
    await session.run('notion.page.trash', { page_id: retry.id });
    await session.run('notion.page.trash', { page_id: first! });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(unknownOutcomes(report)).toEqual([]);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified', 'verified', 'verified']);
    expect({ lost: state().pages.get(first!)!.inTrash, retry: state().pages.get(retry.id)!.inTrash }).toEqual({ lost: true, retry: true });
  });

  it('append: the retry’s block goes to the trash, and the lost block too or the report names it left in place', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = new Set(liveIds(pageId));
    const append = { block_id: pageId, children: [{ paragraph: { rich_text: text('Release checklist') } }] };
    const session = await runtime.startSession({ agentId: 'agent' });
    await runWithAnswerLost(testbed, session, 'notion.block.append', append, { method: 'PATCH', path: `/v1/blocks/${pageId}/children` });
    const [first] = liveIds(pageId).filter((id) => !before.has(id));
    await session.run('notion.block.append', append);
    const [, retry] = liveIds(pageId).filter((id) => !before.has(id));
    await session.end();

    const report = await runtime.rollback(session.id);
    const inTrash = (id: string) => state().blocks.get(id)!.inTrash;
    expect(inTrash(retry!)).toBe(true);
    // An append is found by the blocks it placed, which the retry's match as well: the lost step may read
    // the retry's block as its own and, once that is in the trash, leave its own block named in the residue.
    const named = report.residue.some((line) => line.includes('notion.block.append') && /left in place|outcome unknown/.test(line));
    expect(inTrash(first!) || named, JSON.stringify(report.residue)).toBe(true);
  });
});
