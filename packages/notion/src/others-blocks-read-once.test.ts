// A rollback reads under only the blocks it may restore or send to the trash (issue #19): a person's
// toggle with blocks inside, beside what the agent wrote, is listed with its page but not read under, so
// undoing an append, an edit of another block or a comment costs one request less per such block, and
// what the person does inside their toggle meanwhile stays theirs. A person's block the agent itself
// edited keeps its whole state: a person's later block inside it keeps the agent's edit, a conflict.
// People act through their own @notionhq/client; every check reads the simulator's own state and log.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { runtimeEachTest, text, type NotionTestbed, type TestRuntime } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made: TestRuntime) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const outcomes = (report: { steps: Loose[] }) => JSON.stringify(report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason]));
const plainText = (blockId: string) => JSON.stringify(state().blocks.get(blockId)!.content);

/** A person's page holding a paragraph and their toggle with a note inside. */
async function personsPage(): Promise<{ pageId: string; toggleId: string; noteId: string }> {
  const page = await testbed.human.pages.create({ parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Launch notes') } } });
  const top = await testbed.human.blocks.children.append({
    block_id: page.id,
    children: [{ paragraph: { rich_text: text('Intro') } }, { toggle: { rich_text: text('Risks'), children: [{ paragraph: { rich_text: text('Vendor may slip') } }] } }],
  });
  const toggleId = top.results[1]!.id;
  const inside = await testbed.human.blocks.children.list({ block_id: toggleId });
  return { pageId: page.id, toggleId, noteId: inside.results[0]!.id };
}

/** The requests the rollback of `sessionId` sent, and its report. */
async function rolledBack(sessionId: string) {
  testbed.simulator.log.clear();
  const report = await runtime.rollback(sessionId);
  return { report, sent: testbed.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`) };
}

describe('a person’s block beside the agent’s work is not read under', () => {
  it('undoing an append trashes the agent’s blocks without listing the person’s toggle, and their edit inside it stays', async () => {
    const { pageId, toggleId, noteId } = await personsPage();
    const session = await runtime.startSession({ agentId: 'writer' });
    const appended = (await session.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Agent summary') } }] })) as { results: { id: string }[] };
    await session.end();
    await testbed.human.blocks.update({ block_id: noteId, paragraph: { rich_text: text('Vendor confirmed a slip') } });

    const { report, sent } = await rolledBack(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ failed: 0, conflict: 0 });
    expect(state().blocks.get(appended.results[0]!.id)!.inTrash).toBe(true);
    expect(plainText(noteId)).toContain('Vendor confirmed a slip');
    expect(sent).not.toContain(`GET /v1/blocks/${toggleId}/children`);
  });

  it('undoing the agent’s edit of another block, and its comment on the page, never lists the toggle either', async () => {
    const { pageId, toggleId } = await personsPage();
    const intro = (await testbed.human.blocks.children.list({ block_id: pageId })).results[0]!.id;
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.block.update', { block_id: intro, paragraph: { rich_text: text('Intro (agent)') } });
    const comment = (await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: reviewed') })) as { id: string };
    await session.end();

    const { report, sent } = await rolledBack(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ failed: 0, conflict: 0 });
    expect(plainText(intro)).toContain('"Intro"');
    expect(state().comments.get(comment.id)!.deleted).toBe(true);
    expect(sent).not.toContain(`GET /v1/blocks/${toggleId}/children`);
  });

  it('what the agent appended inside the person’s toggle goes, beside the person’s own edit in there, with its comment on the page', async () => {
    const { pageId, toggleId, noteId } = await personsPage();
    const session = await runtime.startSession({ agentId: 'writer' });
    const inside = (await session.run('notion.block.append', { block_id: toggleId, children: [{ paragraph: { rich_text: text('Agent: mitigation drafted') } }] })) as { results: { id: string }[] };
    const comment = (await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: added a mitigation') })) as { id: string };
    await session.end();
    await testbed.human.blocks.update({ block_id: noteId, paragraph: { rich_text: text('Vendor confirmed a slip') } });

    const { report } = await rolledBack(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ failed: 0, conflict: 0 });
    expect(state().blocks.get(inside.results[0]!.id)!.inTrash).toBe(true);
    expect(state().comments.get(comment.id)!.deleted).toBe(true);
    expect(plainText(noteId)).toContain('Vendor confirmed a slip');
    expect(state().blocks.get(toggleId)!.inTrash).toBe(false);
  });

  it('the agent’s edit of the person’s toggle, untouched since, is undone: the one block whose field the step names is read under', async () => {
    const { toggleId, noteId } = await personsPage();
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.block.update', { block_id: toggleId, toggle: { rich_text: text('Risks (agent)') } });
    await session.end();

    const { report, sent } = await rolledBack(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ failed: 0, conflict: 0 });
    expect(plainText(toggleId)).toContain('"Risks"');
    expect(plainText(noteId)).toContain('Vendor may slip');
    expect(sent).toContain(`GET /v1/blocks/${toggleId}/children`);
  });

  it('the agent’s edit of the person’s toggle is kept once the person wrote inside it since: its state still holds what is under it', async () => {
    const { toggleId } = await personsPage();
    const session = await runtime.startSession({ agentId: 'writer' });
    await session.run('notion.block.update', { block_id: toggleId, toggle: { rich_text: text('Risks (Q4)') } });
    await session.end();
    const added = await testbed.human.blocks.children.append({ block_id: toggleId, children: [{ paragraph: { rich_text: text('Q4: budget frozen') } }] });

    const { report } = await rolledBack(session.id);
    expect(report.steps.find((step) => step.action === 'notion.block.update')?.status, outcomes(report)).toBe('conflict');
    expect(plainText(toggleId)).toContain('Risks (Q4)');
    expect(state().blocks.get(added.results[0]!.id)!.inTrash).toBe(false);
  });
});
