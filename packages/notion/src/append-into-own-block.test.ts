// The agent appends blocks into a block it wrote itself (a toggle it appended, a block of a page it
// created), then the session is rolled back. The undo of the nested append was staged on the toggle's
// children, while the write that made the toggle compares the toggle's state in the page, which holds what
// is under it: planning took the agent's own nested blocks for someone else's, and left the toggle (and,
// for a page it created, the whole page) in place as a "conflict" blaming "someone". Now the toggle's step
// is planned to be checked again once the steps inside it are undone (`Adapter.affects`), and both go; a
// person's work under or in the toggle still keeps it. People act through their own @notionhq/client;
// every check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { appendBlocks, blockViews, paragraphs, runtimeEachTest, runWithAnswerLost, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { state, inTrash, liveIds } = blockViews(() => testbed);
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null]), report.residue]);


/** The agent appends a toggle (with `inside` under it from the start) to the seeded page. */
async function agentToggle(session: Session, inside: Loose[] = []): Promise<string> {
  const [toggle] = await appendBlocks(session, testbed.simulator.seed.parentPageId, [{ toggle: { rich_text: text('Details'), ...(inside.length ? { children: inside } : {}) } }]);
  return toggle!;
}

describe('the agent appends into a toggle it appended itself', () => {
  it('rolled back: the toggle and what the agent put in it go to the trash, every step undone, nobody blamed', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const before = liveIds(pageId);
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const inner = await appendBlocks(session, toggle, paragraphs('Step one', 'Step two'));
    await session.end();

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inner.map(inTrash) }, outcomes(report)).toEqual({ toggle: true, inner: [true, true] });
    expect(liveIds(pageId)).toEqual(before);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 2 });
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
    expect(outcomes(report)).not.toMatch(/someone/);
  });

  it('placed at the start of the toggle, before what it was made with: all of it goes', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session, paragraphs('Made with it'));
    const [made] = liveIds(toggle);
    const [first] = await appendBlocks(session, toggle, paragraphs('Put first'), { position: { type: 'start' } });
    const [after] = await appendBlocks(session, toggle, paragraphs('Put after the first'), { position: { type: 'after_block', after_block: { id: first! } } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect([toggle, first!, after!].map(inTrash), outcomes(report)).toEqual([true, true, true]);
    expect(liveIds(toggle)).toEqual([made]);
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
  });

  it('its answer lost, settled when the rollback plans: the toggle and its blocks go', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    await runWithAnswerLost(testbed, session, 'notion.block.append', { block_id: toggle, children: paragraphs('Step one') }, { method: 'PATCH', path: `/v1/blocks/${toggle}/children` });
    const inner = liveIds(toggle);
    expect(inner).toHaveLength(1);
    await session.end();

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inner.map(inTrash) }, outcomes(report)).toEqual({ toggle: true, inner: [true] });
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
  });

  it('a person added a block in the toggle since: the toggle and everything in it stay, named as a conflict', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const [inner] = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();
    const persons = ((await testbed.human.blocks.children.append({ block_id: toggle, children: paragraphs('Dana: and check the logs') } as never)).results[0] as Loose).id as string;

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), persons: inTrash(persons) }, outcomes(report)).toEqual({ toggle: false, persons: false });
    expect(liveIds(toggle)).toContain(persons);
    expect(report.counts.conflicts, outcomes(report)).toBeGreaterThan(0);
    expect(inner).toBeDefined();
  });

  it('a person reworded a block the agent put in the toggle: it stays with their words, and so does the toggle', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const [inner] = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();
    await testbed.human.blocks.update({ block_id: inner!, paragraph: { rich_text: text('Dana: step one, done differently') } } as never);

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inTrash(inner!) }, outcomes(report)).toEqual({ toggle: false, inner: false });
    expect(JSON.stringify(state().blocks.get(inner!)!.content)).toContain('Dana: step one, done differently');
  });
});

describe('the agent appends into a block of a page it created', () => {
  it('rolled back: the page goes to the trash, no conflict', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const page = (await session.run('notion.page.create', { parent: { page_id: testbed.simulator.seed.parentPageId }, properties: { title: { title: text('Agent plan') } }, children: [{ toggle: { rich_text: text('Details') } }] })) as Loose;
    const [toggle] = liveIds(page.id);
    await appendBlocks(session, toggle!, paragraphs('Step one'));
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(state().pages.get(page.id)!.inTrash, outcomes(report)).toBe(true);
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
  });
});

describe('the agent writes inside a toggle it appended, other than by appending into it', () => {
  const writes: Record<string, (session: Session, inner: string) => Promise<unknown>> = {
    'edits the block in it': (session, inner) => session.run('notion.block.update', { block_id: inner, toggle: { rich_text: text('Inner, reworded') } }),
    'deletes the block in it': (session, inner) => session.run('notion.block.delete', { block_id: inner }),
    'comments on the block in it': (session, inner) => session.run('notion.comment.create', { parent: { block_id: inner }, rich_text: text('Check this') }),
    'appends one level deeper': (session, inner) => session.run('notion.block.append', { block_id: inner, children: paragraphs('Deeper') }),
  };
  for (const [write, run] of Object.entries(writes)) {
    it(`${write}: rolled back, the toggle goes with no conflict`, async () => {
      const session = await runtime.startSession({ agentId: 'writer' });
      const toggle = await agentToggle(session, [{ toggle: { rich_text: text('Inner') } }]);
      await run(session, liveIds(toggle)[0]!);
      await session.end();
      const report = await runtime.rollback(session.id);
      expect(inTrash(toggle), outcomes(report)).toBe(true);
      expect(report.counts.conflicts, outcomes(report)).toBe(0);
      expect(outcomes(report)).not.toMatch(/someone/);
    });
  }
});

describe('the agent appends inside its toggle, then comments on the toggle itself', () => {
  // The step inside is partial (the toggle's own `contents` lists the comment, which the comment's undo in
  // the page takes away); the toggle's step waits for it all the same and is checked again after it.
  it('rolled back: the comment, the block in it and the toggle all go, no conflict', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const inner = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.run('notion.comment.create', { parent: { block_id: toggle }, rich_text: text('Check this') });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inner.map(inTrash) }, outcomes(report)).toEqual({ toggle: true, inner: [true] });
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
    expect(report.residue.join('\n')).not.toMatch(/left in place/);
  });
});

describe('the toggle\'s step, checked again once the steps inside it are undone', () => {
  it('planned as an undo to check again after them, saying so; nothing is read for it while the agent works', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();

    const plan = await runtime.planRollback(session.id);
    const [inner, outer] = plan.steps;
    expect(inner).toMatchObject({ resource: `notion.children:${toggle}`, status: 'undo' });
    expect(outer, JSON.stringify(plan.steps)).toMatchObject({ resource: `notion.children:${testbed.simulator.seed.parentPageId}`, status: 'undo', remedy: 'inverse', recheck: { after: [inner!.actionId] } });
    expect(outer!.reason).toMatch(/checked again/);
    expect(outer!.reason).not.toMatch(/someone/);
    expect(plan.residue.join('\n')).not.toMatch(/left in place/);
  });

  it('a person reworded the toggle itself since: it stays, with their words, named as a conflict; the agent\'s block in it goes', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const [inner] = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();
    await testbed.human.blocks.update({ block_id: toggle, toggle: { rich_text: text('Dana: details, reworded') } } as never);

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inTrash(inner!) }, outcomes(report)).toEqual({ toggle: false, inner: true });
    expect(JSON.stringify(state().blocks.get(toggle)!.content)).toContain('Dana: details, reworded');
    expect(report.counts.conflicts, outcomes(report)).toBe(1);
  });

  it('a person added a block in the toggle after the rollback was planned: the toggle stays, checked again before its undo', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const [inner] = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();
    // Once the agent's block in the toggle is in the trash, the next listing (the toggle step's check) is
    // answered 429 first, and the person adds their block while the engine waits its Retry-After out.
    let persons: Promise<string> | undefined;
    testbed.simulator.faults.inject({
      method: 'GET',
      path: '/v1/blocks/{block_id}/children',
      when: () => {
        if (persons || !inTrash(inner!)) return false;
        persons = testbed.human.blocks.children.append({ block_id: toggle, children: paragraphs('Dana: meanwhile') } as never).then((answer) => (answer.results[0] as Loose).id as string);
        return true;
      },
      kind: 'rate-limit',
      retryAfterSeconds: 30,
    });
    const report = await runtime.rollback(session.id);
    expect(persons).toBeDefined();
    expect({ toggle: inTrash(toggle), inner: inTrash(inner!), persons: inTrash(await persons!) }, outcomes(report)).toEqual({ toggle: false, inner: true, persons: false });
    const outer = report.steps.find((step) => step.resource === `notion.children:${testbed.simulator.seed.parentPageId}`)!;
    expect(outer.outcome, outcomes(report)).toBe('conflict');
    expect(outer.residue?.join(' '), outcomes(report)).toMatch(/checked again once this rollback's steps inside it were undone, someone changed/);
  });

  it('the undo inside it does not verify: the toggle stays, a conflict naming that step', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const toggle = await agentToggle(session);
    const [inner] = await appendBlocks(session, toggle, paragraphs('Step one'));
    await session.end();
    testbed.simulator.faults.inject({ method: 'DELETE', path: '/v1/blocks/{block_id}', kind: 'server-error', status: 400, times: 1 });

    const report = await runtime.rollback(session.id);
    expect({ toggle: inTrash(toggle), inner: inTrash(inner!) }, outcomes(report)).toEqual({ toggle: false, inner: false });
    const outer = report.steps.find((step) => step.resource === `notion.children:${testbed.simulator.seed.parentPageId}`)!;
    expect(outer.outcome, outcomes(report)).toBe('conflict');
    expect(outer.residue?.join(' '), outcomes(report)).toMatch(new RegExp(`notion.children:${toggle}.*did not verify`));
  });
});
