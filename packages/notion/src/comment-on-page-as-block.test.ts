// A page under a page is also a block there (a child_page block with the page's id), so an agent may
// comment on a page naming it as a block: parent { block_id: <page id> }. Notion lists that comment among
// the page's own. It was described as a comment on the child_page block, in the parent page, where no read
// lists comments on such a block: the rollback read the step "already undone" and the comment stayed, and
// a page created in the same session read as a conflict (someone put something inside) and stayed too.
// The page named as a block is now the page itself. Read back from the simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const subpage = (title: string) => ({ parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text(title) } } });
const outcomes = (report: { steps: Loose[] }) => report.steps.map((step) => [step.action, step.outcome]);

describe('a comment on a page posted with the page’s id as parent.block_id', () => {
  it('on the agent’s subpage from an earlier session: the rollback deletes the comment and leaves the page', async () => {
    const earlier = await runtime.startSession({ agentId: 'planner' });
    const page = (await earlier.run('notion.page.create', subpage('Agent notes'))) as Loose;
    await earlier.end();

    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { block_id: page.id }, rich_text: text('Agent: wrong page, sorry') })) as Loose;
    await session.end();
    // Notion lists it among the page's comments.
    expect((await testbed.human.comments.list({ block_id: page.id })).results.map((found) => found.id)).toEqual([comment.id]);

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified']]);
    expect(state().comments.get(comment.id)!.deleted).toBe(true);
    expect(state().pages.get(page.id)!.inTrash).toBe(false);
  });

  it('on a subpage the same session created: the rollback deletes the comment and trashes the page, no conflict', async () => {
    const session = await runtime.startSession({ agentId: 'planner' });
    const page = (await session.run('notion.page.create', subpage('Agent notes'))) as Loose;
    const comment = (await session.run('notion.comment.create', { parent: { block_id: page.id }, rich_text: text('First draft, to review') })) as Loose;
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified'], ['notion.page.create', 'verified']]);
    expect(state().comments.get(comment.id)!.deleted).toBe(true);
    expect(state().pages.get(page.id)!.inTrash).toBe(true);
  });

  it('on a person’s subpage: the rollback deletes the agent’s comment and leaves the person’s', async () => {
    const page = await testbed.human.pages.create(subpage('Team notes') as never);
    const persons = await testbed.human.comments.create({ parent: { page_id: page.id }, rich_text: text('Notes for Monday') });

    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { block_id: page.id }, rich_text: text('Agent: added to the agenda') })) as Loose;
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified']]);
    expect({ agents: state().comments.get(comment.id)!.deleted, persons: state().comments.get(persons.id)!.deleted }).toEqual({ agents: true, persons: false });
  });
});
