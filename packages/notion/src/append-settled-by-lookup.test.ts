// An append whose answer was lost (the blocks landed, the connection dropped) is settled by a lookup: when
// the rollback plans, or when the agent sends the call again with the same key. What the lookup found
// was reported wrongly, and sometimes left in the page:
// - nobody touched the blocks, yet the step was "partial", keeping the page's `contents` as "set again
//   by" the workspace's owner, whose blocks were there long before the agent's (any block a person ever
//   wrote in the page counted, though the agent's write made the integration the page's last editor);
// - the agent itself commented on one of its blocks, or reworded it, later in the same session: the block
//   was taken for one "someone else" changed and stayed in the page while the report counted the append
//   undone (its only block: a conflict blaming someone else);
// - the agent sent the same blocks again under a new call: the lookup took the retry's blocks (the newest
//   run) for the lost write's, and the lost write's own stayed, "left in place, someone changed contents".
// The agent's blocks now go to the trash with the comments and rewordings its later calls made, a person's
// block beside them, or comment on one of them, stays, and blocks sent twice that cannot be told apart are
// named as an unsettled outcome. People act through their own @notionhq/client; every check reads the
// simulator's state.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { inspectChildren } from './simulator/index.js';
import { runtimeEachTest, seededBlocks, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const state = () => testbed.simulator.inspect();
const liveIds = (parentId: string) => (inspectChildren(state(), parentId) as { id: string }[]).map((child) => child.id);
const inTrash = (blockId: string) => state().blocks.get(blockId)!.inTrash;
const textOf = (blockId: string) => JSON.stringify(state().blocks.get(blockId)!.content);
const commentGone = (commentId: string) => state().comments.get(commentId)!.deleted;
const outcomes = (report: { steps: Loose[]; residue: string[] }) => JSON.stringify([report.steps.map((step) => [step.action, step.status, step.outcome ?? null, step.reason ?? null]), report.residue]);
const appendStep = (report: { steps: Loose[] }) => report.steps.find((step) => step.action === 'notion.block.append')!;
const paragraphs = (...lines: string[]) => lines.map((line) => ({ paragraph: { rich_text: text(line) } }));

type Settled = 'when the rollback plans' | 'when the agent sends it again with the same key';

/**
 * The agent appends `children` to `containerId` under a key of its own; the answer is lost after Notion
 * kept the blocks, and every read after it fails, so the call ends "outcome unknown". Settled at
 * planning, or by the agent's call again with the same key (the runtime looks the write up before
 * sending anything, and sends nothing). Gives the ids of the blocks that landed, read from the simulator.
 */
async function lostAppend(session: Session, containerId: string, children: Loose[], settled: Settled = 'when the rollback plans'): Promise<string[]> {
  const before = new Set(liveIds(containerId));
  const input = { block_id: containerId, children };
  const { faults } = testbed.simulator;
  faults.inject({ method: 'PATCH', path: `/v1/blocks/${containerId}/children`, kind: 'drop-after-commit' });
  const dropped = () => faults.fired().some((fault) => fault.kind === 'drop-after-commit');
  faults.inject({ method: 'GET', when: dropped, kind: 'server-error', status: 503, times: 50 });
  await expect(session.run('notion.block.append', input, { idempotencyKey: 'append-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
  faults.clear();
  const landed = liveIds(containerId).filter((id) => !before.has(id));
  expect(landed.length).toBe(children.length);
  if (settled !== 'when the rollback plans') {
    const again = (await session.run('notion.block.append', input, { idempotencyKey: 'append-1' })) as Loose;
    expect(again.results.map((block: Loose) => block.id)).toEqual(landed);
    expect(liveIds(containerId).filter((id) => !before.has(id))).toEqual(landed);
  }
  return landed;
}

describe('an append whose answer was lost, settled by a lookup, its blocks untouched', () => {
  for (const settled of ['when the rollback plans', 'when the agent sends it again with the same key'] as const) {
    it(`settled ${settled}: its blocks go to the trash, the page's own blocks stay, and the report keeps nothing for anyone`, async () => {
      const pageId = testbed.simulator.seed.parentPageId;
      const seeded = [...seededBlocks(testbed.simulator)];
      const session = await runtime.startSession({ agentId: 'writer' });
      const agents = await lostAppend(session, pageId, paragraphs('Step one', 'Step two'), settled);
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(agents.map(inTrash), outcomes(report)).toEqual([true, true]);
      expect(liveIds(pageId)).toEqual(seeded);
      expect(appendStep(report).status, outcomes(report)).toBe('undo');
      expect(outcomes(report)).not.toMatch(/someone else|set again by/);
    });
  }

  it('appended under a block holding a person’s block: its block goes, theirs stays, and the report keeps nothing for anyone', async () => {
    const listItem = seededBlocks(testbed.simulator)[3]!;
    const persons = [...liveIds(listItem)];
    const session = await runtime.startSession({ agentId: 'writer' });
    const [agents] = await lostAppend(session, listItem, paragraphs('and in writing'));
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(inTrash(agents!), outcomes(report)).toBe(true);
    expect(liveIds(listItem)).toEqual(persons);
    expect(appendStep(report).status, outcomes(report)).toBe('undo');
    expect(outcomes(report)).not.toMatch(/someone else|set again by/);
  });

  it('a person appended a paragraph right after them: the agent’s go to the trash, the person’s stays', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'writer' });
    const agents = await lostAppend(session, pageId, paragraphs('Step one', 'Step two'));
    await session.end();
    const added = await testbed.human.blocks.children.append({ block_id: pageId, children: paragraphs('Dana: and step three') } as never);
    const persons = (added.results[0] as Loose).id as string;

    const report = await runtime.rollback(session.id);
    expect(agents.map(inTrash), outcomes(report)).toEqual([true, true]);
    expect(inTrash(persons)).toBe(false);
    expect(textOf(persons)).toContain('Dana: and step three');
    expect(report.counts.failed, outcomes(report)).toBe(0);
  });
});

describe('an append whose answer was lost, whose blocks the agent wrote on again later in the session', () => {
  it('it commented on one of its two blocks: the comment is deleted and both blocks go to the trash', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agents = await lostAppend(session, testbed.simulator.seed.parentPageId, paragraphs('Step one', 'Step two'));
    const comment = (await session.run('notion.comment.create', { parent: { block_id: agents[1]! }, rich_text: text('Check this step') })) as Loose;
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(commentGone(comment.id), outcomes(report)).toBe(true);
    expect(agents.map(inTrash), outcomes(report)).toEqual([true, true]);
    expect(outcomes(report)).not.toMatch(/someone else/);
  });

  it('it commented on its only block: the comment is deleted and the block goes to the trash, no conflict', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const [only] = await lostAppend(session, testbed.simulator.seed.parentPageId, paragraphs('Only step'));
    const comment = (await session.run('notion.comment.create', { parent: { block_id: only! }, rich_text: text('Check this step') })) as Loose;
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(commentGone(comment.id), outcomes(report)).toBe(true);
    expect(inTrash(only!), outcomes(report)).toBe(true);
    expect(report.counts.conflicts, outcomes(report)).toBe(0);
  });

  it('it reworded one of its two blocks: the wording is put back and both blocks go to the trash', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const agents = await lostAppend(session, testbed.simulator.seed.parentPageId, [{ to_do: { rich_text: text('Step one'), checked: false } }, ...paragraphs('Step two')]);
    await session.run('notion.block.update', { block_id: agents[0]!, to_do: { rich_text: text('Step one, and tell Dana'), checked: true } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(agents.map(inTrash), outcomes(report)).toEqual([true, true]);
    expect(outcomes(report)).not.toMatch(/someone else/);
  });

  it('it commented on one block and a person on the other: the agent’s comment and block go, the person’s block stays with their comment', async () => {
    const session = await runtime.startSession({ agentId: 'writer' });
    const [first, second] = await lostAppend(session, testbed.simulator.seed.parentPageId, paragraphs('Step one', 'Step two'));
    const agentsComment = (await session.run('notion.comment.create', { parent: { block_id: first! }, rich_text: text('Check this step') })) as Loose;
    await session.end();
    const personsComment = await testbed.human.comments.create({ parent: { block_id: second! }, rich_text: text('Dana: keep this one') });

    const report = await runtime.rollback(session.id);
    expect({ agentsComment: commentGone(agentsComment.id), agentsBlock: inTrash(first!) }, outcomes(report)).toEqual({ agentsComment: true, agentsBlock: true });
    expect({ personsComment: commentGone(personsComment.id), commentedBlock: inTrash(second!) }).toEqual({ personsComment: false, commentedBlock: false });
    // The block kept for the person's comment is named in the report.
    expect(appendStep(report).reason, outcomes(report)).toMatch(new RegExp(`keep .*block:${second}`));
  });
});

describe('an append whose answer was lost, sent again by the agent under a new call', () => {
  it('the retry’s blocks go to the trash; the lost ones too, or the report names them as unsettled, never as someone else’s change', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'writer' });
    const [lost] = await lostAppend(session, pageId, paragraphs('Release checklist'));
    const retry = ((await session.run('notion.block.append', { block_id: pageId, children: paragraphs('Release checklist') })) as Loose).results[0].id as string;
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(inTrash(retry), outcomes(report)).toBe(true);
    const named = report.residue.some((line) => line.includes('notion.block.append') && line.includes('outcome unknown') && line.includes(lost!));
    expect(inTrash(lost!) || named, outcomes(report)).toBe(true);
    expect(outcomes(report)).not.toMatch(/someone (else|changed)/);
  });
});
