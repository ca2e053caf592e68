// An operator rolls back part of a session: only the append that made a toggle. The agent later appended
// into that toggle; that step's undo is staged on the toggle's own children, a resource the toggle's
// append does not name, so the selection left it out, and the toggle's undo then found the agent's own
// nested blocks in it and blamed "someone" ("someone changed block:<toggle>, contents since the agent
// did"), leaving the toggle. A selected step that takes something away now pulls in the session's steps
// that wrote inside it (as `Adapter.affects` tells them), each with why; a step inside a block the
// selection does not take away stays left out. People act through their own @notionhq/client; every
// check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { appendBlocks, blockViews, paragraphs, runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { state, inTrash, liveIds } = blockViews(() => testbed);
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null, step.residue ?? null]), report.residue]);


/** The action id of the session's step on `resource` (a full plan lists every step, newest first). */
async function actionOn(sessionId: string, resource: string): Promise<string> {
  const plan = await runtime.planRollback(sessionId);
  return plan.steps.find((step) => step.resource === resource)!.actionId;
}

describe('a selection naming only the append that made a toggle the agent later appended into', () => {
  it('pulls the nested append in, saying why, and both go: no conflict, nobody blamed', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = liveIds(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    const [toggle] = await appendBlocks(session, pageId, [{ toggle: { rich_text: text('Details') } }]);
    const inner = await appendBlocks(session, toggle!, paragraphs('Step one', 'Step two'));
    await session.end();
    const select = { actions: [await actionOn(session.id, `notion.children:${pageId}`)] };

    const plan = await runtime.planRollback(session.id, { select });
    const nested = plan.steps.find((step) => step.resource === `notion.children:${toggle}`);
    expect(nested?.pulledIn, JSON.stringify(plan.steps)).toMatch(/inside block:.*takes away/);
    expect(plan.leftOut).toEqual([]);

    const report = await runtime.rollback(session.id, { select });
    expect({ toggle: inTrash(toggle!), inner: inner.map(inTrash) }, outcomes(report)).toEqual({ toggle: true, inner: [true, true] });
    expect(liveIds(pageId)).toEqual(before);
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
    expect(outcomes(report)).not.toMatch(/someone/);
  });

  it('a page the agent created, its toggle appended into later: selecting the create takes the page and the nested append', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const page = (await session.run('notion.page.create', { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Agent plan') } }, children: [{ toggle: { rich_text: text('Details') } }] })) as Loose;
    const [toggle] = liveIds(page.id);
    await appendBlocks(session, toggle!, paragraphs('Step one'));
    await session.end();
    const select = { actions: [await actionOn(session.id, `notion.page:${page.id}`)] };

    const report = await runtime.rollback(session.id, { select });
    expect(state().pages.get(page.id)!.inTrash, outcomes(report)).toBe(true);
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
  });

  it('a person added a block in the toggle since: the toggle and their block stay, and the conflict names no nested step of the agent\'s as theirs', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'writer' });
    const [toggle] = await appendBlocks(session, pageId, [{ toggle: { rich_text: text('Details') } }]);
    const [inner] = await appendBlocks(session, toggle!, paragraphs('Step one'));
    await session.end();
    const persons = ((await testbed.human.blocks.children.append({ block_id: toggle!, children: paragraphs('Dana: and check the logs') } as never)).results[0] as Loose).id as string;

    const report = await runtime.rollback(session.id, { select: { actions: [await actionOn(session.id, `notion.children:${pageId}`)] } });
    expect({ toggle: inTrash(toggle!), persons: inTrash(persons), inner: inTrash(inner!) }, outcomes(report)).toEqual({ toggle: false, persons: false, inner: true });
    expect(report.counts.conflicts, outcomes(report)).toBe(1);
  });
});

describe('what a selection does not pull in', () => {
  it('the agent appended into a person\'s toggle and, apart, to the page: selecting the nested append leaves the page\'s alone', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const personsToggle = ((await testbed.human.blocks.children.append({ block_id: pageId, children: [{ toggle: { rich_text: text('Dana: notes') } }] } as never)).results[0] as Loose).id as string;
    const session = await runtime.startSession({ agentId: 'writer' });
    const [onPage] = await appendBlocks(session, pageId, paragraphs('Agent: summary'));
    const [inToggle] = await appendBlocks(session, personsToggle, paragraphs('Agent: a note'));
    await session.end();

    const plan = await runtime.planRollback(session.id, { select: { actions: [await actionOn(session.id, `notion.children:${personsToggle}`)] } });
    expect(plan.steps.map((step) => step.resource)).toEqual([`notion.children:${personsToggle}`]);
    await runtime.rollback(session.id, { select: { actions: [plan.steps[0]!.actionId] } });
    expect({ onPage: inTrash(onPage!), inToggle: inTrash(inToggle!), personsToggle: inTrash(personsToggle) }).toEqual({ onPage: false, inToggle: true, personsToggle: false });
  });

  it('selecting the page\'s own append does not pull in the append into the person\'s toggle beside it', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const personsToggle = ((await testbed.human.blocks.children.append({ block_id: pageId, children: [{ toggle: { rich_text: text('Dana: notes') } }] } as never)).results[0] as Loose).id as string;
    const session = await runtime.startSession({ agentId: 'writer' });
    const [inToggle] = await appendBlocks(session, personsToggle, paragraphs('Agent: a note'));
    const [onPage] = await appendBlocks(session, pageId, paragraphs('Agent: summary'));
    await session.end();

    const select = { actions: [await actionOn(session.id, `notion.children:${pageId}`)] };
    const plan = await runtime.planRollback(session.id, { select });
    expect(plan.leftOut!.map((step) => step.resource)).toEqual([`notion.children:${personsToggle}`]);
    const report = await runtime.rollback(session.id, { select });
    expect({ onPage: inTrash(onPage!), inToggle: inTrash(inToggle!) }, outcomes(report)).toEqual({ onPage: true, inToggle: false });
  });
});
