// An append whose answer never came back (the agent died while Notion applied it, or the answer was lost
// and the lookup in the call failed too) is settled only when the rollback is planned, after others may
// have edited or commented on the blocks it made. Those blocks are still found as the agent's: the ones
// nobody touched go to the trash, the ones others edited or commented on stay and are named as kept,
// never taken for "never landed" with the report saying nothing (incident fuzzer seed 30001088). People
// act through their own @notionhq/client; every check reads the simulator's state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { inspectChildren } from './simulator/index.js';
import { createTestbed, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let journal: ReturnType<typeof createSqliteJournal>;
let runtime: Runtime;

beforeEach(async () => {
  testbed = await createTestbed();
  journal = createSqliteJournal({ path: ':memory:' });
  runtime = createRuntime({ journal, adapters: [testbed.adapter], policy: [], clock: scaledClock(100) });
});
afterEach(async () => {
  await journal.close();
  await testbed.close();
});

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
