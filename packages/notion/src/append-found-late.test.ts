// An append whose answer never came back (the agent died while Notion applied it, or the answer was lost
// and the lookup in the call failed too) is settled only when the rollback is planned, after others may
// have edited or commented on the blocks it made. Those blocks are still found as the agent's: the ones
// nobody touched go to the trash, the ones others edited or commented on stay and are named as kept,
// never taken for "never landed" with the report saying nothing (incident fuzzer seed 30001088). People
// act through their own @notionhq/client; every check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { inspectChildren } from './simulator/index.js';
import { runtimeEachTest, type TestRuntime, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: TestRuntime['journal'];
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, journal, runtime } = made));

const state = () => testbed.simulator.inspect();
const liveIds = (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id);
const textOf = (blockId: string) => JSON.stringify(state().blocks.get(blockId)!.content);
const inTrash = (blockId: string) => state().blocks.get(blockId)!.inTrash;
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null]), report.residue]);

/** The agent appends these paragraphs to the seeded page; the answer is lost and every read after it fails, so the outcome is settled only at planning. Gives the new blocks' ids. */
async function lostAppend(session: Session, lines: string[]): Promise<string[]> {
  const pageId = testbed.simulator.seed.parentPageId;
  const before = new Set(liveIds(pageId));
  testbed.simulator.faults.inject({ method: 'PATCH', path: `/v1/blocks/${pageId}/children`, kind: 'drop-after-commit' });
  const dropped = () => testbed.simulator.faults.fired().some((fault) => fault.kind === 'drop-after-commit');
  testbed.simulator.faults.inject({ method: 'GET', when: dropped, kind: 'server-error', status: 503, times: 50 });
  const children = lines.map((line) => ({ paragraph: { rich_text: text(line) } }));
  await expect(session.run('notion.block.append', { block_id: pageId, children }, { idempotencyKey: 'append-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
  testbed.simulator.faults.clear();
  const added = liveIds(pageId).filter((id) => !before.has(id));
  expect(added.map(textOf).every((content, index) => content.includes(lines[index]!))).toBe(true);
  return added;
}

describe('an append settled late, after others touched the blocks it made', () => {
  it('another session (same token) reworded one of the three blocks: the other two go to the trash, the reworded one stays and is named as kept', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const [first, second, third] = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.end();
    const other = await runtime.startSession({ agentId: 'helper' });
    await other.run('notion.block.update', { block_id: first!, paragraph: { rich_text: text('Helper reworded step one') } });
    await other.end();

    const report = await runtime.rollback(session.id);
    const append = report.steps.find((step) => step.action === 'notion.block.append');
    expect(append?.status, outcomes(report)).toBe('partial');
    expect(append?.reason, outcomes(report)).toMatch(new RegExp(`keep .*block:${first}`));
    expect(inTrash(first!)).toBe(false);
    expect(textOf(first!)).toContain('Helper reworded step one');
    expect(inTrash(second!)).toBe(true);
    expect(inTrash(third!)).toBe(true);
  });

  it('a person commented on one of the blocks: that block stays with the comment and is named as kept, the other goes to the trash', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const [first, second] = await lostAppend(session, ['Step one', 'Step two']);
    await session.end();
    const comment = await testbed.human.comments.create({ parent: { block_id: second! }, rich_text: text('Dana: keep this step') });

    const report = await runtime.rollback(session.id);
    const append = report.steps.find((step) => step.action === 'notion.block.append');
    expect(append?.status, outcomes(report)).toBe('partial');
    expect(append?.reason, outcomes(report)).toMatch(new RegExp(`keep .*block:${second}`));
    expect(inTrash(second!)).toBe(false);
    expect(state().comments.get(comment.id)!.deleted).toBe(false);
    expect(inTrash(first!)).toBe(true);
  });

  it('the only block it made was reworded: the report names the append as unsettled and the block stays', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const [only] = await lostAppend(session, ['Only step']);
    await session.end();
    const other = await runtime.startSession({ agentId: 'helper' });
    await other.run('notion.block.update', { block_id: only!, paragraph: { rich_text: text('Helper reworded it') } });
    await other.end();

    const report = await runtime.rollback(session.id);
    expect(report.residue.some((line) => line.includes('notion.block.append') && line.includes('outcome unknown')), outcomes(report)).toBe(true);
    expect(inTrash(only!)).toBe(false);
    expect(textOf(only!)).toContain('Helper reworded it');
  });

  it('nobody touched them: every block it made goes to the trash', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const added = await lostAppend(session, ['Step one', 'Step two']);
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, outcomes(report)).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
    expect(added.map(inTrash)).toEqual([true, true]);
  });
});

// Someone put a block of their own between the agent's, or sent one of them to the trash, before the
// rollback: the agent's blocks that remain no longer sit side by side, and must still be found. Every one
// of them still there is either sent to the trash or named in the report (kept, or the whole append named
// as unsettled), and the other party's block is never touched.
describe('an append settled late, after someone broke up the run of blocks it made', () => {
  /** The rollback left no block of the agent's in place without the report naming it (kept) or the append (unsettled). */
  function expectNoneLeftUnnamed(report: { steps: Loose[]; residue: string[] }, agentBlocks: string[]): void {
    const unsettled = report.residue.some((line) => line.includes('notion.block.append') && line.includes('outcome unknown'));
    const append = report.steps.find((step) => step.action === 'notion.block.append');
    for (const block of agentBlocks.filter((id) => !inTrash(id))) {
      const named = String(append?.reason ?? '').includes(`block:${block}`) || report.residue.some((line) => line.includes(block));
      expect(unsettled || named, `block ${block} stays and the report does not name it: ${outcomes(report)}`).toBe(true);
    }
  }

  it('a person inserted their own paragraph between the first and second of its three: the agent\'s blocks go to the trash or are named, the person\'s stays', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agentBlocks = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.end();
    const pageId = testbed.simulator.seed.parentPageId;
    const inserted = await testbed.human.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: text('Dana: a note between steps') } }], position: { type: 'after_block', after_block: { id: agentBlocks[0]! } } } as any);
    const personsBlock = (inserted.results[0] as Loose).id as string;
    expect(liveIds(pageId).slice(-4)).toEqual([agentBlocks[0], personsBlock, agentBlocks[1], agentBlocks[2]]);

    const report = await runtime.rollback(session.id);
    expectNoneLeftUnnamed(report, agentBlocks);
    expect(inTrash(personsBlock)).toBe(false);
    expect(textOf(personsBlock)).toContain('Dana: a note between steps');
  });

  it('a person trashed the middle one of its three: the other two go to the trash or are named', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agentBlocks = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.end();
    await testbed.human.blocks.delete({ block_id: agentBlocks[1]! });

    const report = await runtime.rollback(session.id);
    expectNoneLeftUnnamed(report, agentBlocks);
  });

  it('another session (same token) inserted a paragraph between the first and second of its three: the agent\'s blocks go to the trash or are named, the other session\'s stays', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agentBlocks = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.end();
    const pageId = testbed.simulator.seed.parentPageId;
    const other = await runtime.startSession({ agentId: 'helper' });
    const inserted = await other.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Helper: a note between steps') } }], position: { type: 'after_block', after_block: { id: agentBlocks[0]! } } });
    await other.end();
    const othersBlock = ((inserted as Loose).results[0] as Loose).id as string;
    expect(liveIds(pageId).slice(-4)).toEqual([agentBlocks[0], othersBlock, agentBlocks[1], agentBlocks[2]]);

    const report = await runtime.rollback(session.id);
    expectNoneLeftUnnamed(report, agentBlocks);
    expect(inTrash(othersBlock)).toBe(false);
    // and it is not taken for one of the agent's blocks that someone changed
    expect(String(report.steps.find((step) => step.action === 'notion.block.append')?.reason ?? ''), outcomes(report)).not.toContain(othersBlock);
    expect(textOf(othersBlock)).toContain('Helper: a note between steps');
  });

  it('when it cannot tell which block between its first and last is its own (another session reworded one and inserted one of its own beside it), the report names the append as unsettled and nothing is trashed', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agentBlocks = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.end();
    const pageId = testbed.simulator.seed.parentPageId;
    const other = await runtime.startSession({ agentId: 'helper' });
    await other.run('notion.block.update', { block_id: agentBlocks[1]!, paragraph: { rich_text: text('Helper reworded step two') } });
    const inserted = await other.run('notion.block.append', { block_id: pageId, children: [{ paragraph: { rich_text: text('Helper: a note between steps') } }], position: { type: 'after_block', after_block: { id: agentBlocks[0]! } } });
    await other.end();
    const othersBlock = ((inserted as Loose).results[0] as Loose).id as string;

    const report = await runtime.rollback(session.id);
    expect(report.residue.some((line) => line.includes('notion.block.append') && line.includes('outcome unknown')), outcomes(report)).toBe(true);
    expect([...agentBlocks, othersBlock].map(inTrash)).toEqual([false, false, false, false]);
  });
});

describe('an append settled late, some of whose blocks the same session deleted later', () => {
  // A container's children leave trashed blocks out: the deleted block was not found as the append's,
  // so the undo of the delete brought it back and the append's undo left it (the agent's block stayed).
  it('every block it made ends in the trash: the deleted one is found among the blocks the session named later', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agentBlocks = await lostAppend(session, ['Step one', 'Step two', 'Step three']);
    await session.run('notion.block.delete', { block_id: agentBlocks[1]! });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(agentBlocks.map(inTrash), outcomes(report)).toEqual([true, true, true]);
    expect(report.counts.failed + report.counts.conflicts, outcomes(report)).toBe(0);
  });
});
