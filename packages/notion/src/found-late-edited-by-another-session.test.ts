// A write whose answer never came back is settled only when the rollback is planned, after another
// session on the same token may have reworded one of the blocks it made (its own journaled
// notion.block.update). That block is still the agent's creation: rolled back together as one incident,
// the other session's undo puts the agent's text back first and the agent's undo then sends the block to
// the trash with the rest; the agent's session rolled back alone, the block holds the other session's
// text and is kept, named. A person's rewording, which no journaled write explains, makes the block
// theirs: it stays (incident fuzzer seed 32800033, where the reworded block stayed on the page while
// the report said the replacement was undone). People act through their own @notionhq/client; every
// check reads the simulator's state.
import { describe, expect, it } from 'vitest';
import type { Runtime, Session } from '@backspace/core';
import { blockViews, paragraphs, reportInShort, runtimeEachTest, text, withAnswerLost, type NotionTestbed } from './test-support.js';

let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

const { state, inTrash, liveIds, textOf } = blockViews(() => testbed);
const outcomes = reportInShort;

/**
 * The agent's write (`method` on `path`) lands and its answer is lost; every request after it fails, so
 * the call ends "outcome unknown" and the write is settled only at planning. Gives the page's new blocks.
 */
async function answerLost(session: Session, action: string, input: unknown, write: { method: 'DELETE' | 'PATCH'; path: string }): Promise<string[]> {
  const pageId = testbed.simulator.seed.parentPageId;
  const before = new Set(liveIds(pageId));
  await withAnswerLost(testbed, write, () => session.run(action as never, input as never));
  await session.end();
  return liveIds(pageId).filter((id) => !before.has(id));
}

/** Another session on the same token rewords `blockId`; gives the session. */
async function rewordedByAnotherSession(blockId: string, words: string): Promise<Session> {
  const other = await runtime.startSession({ agentId: 'editor' });
  await other.run('notion.block.update', { block_id: blockId, paragraph: { rich_text: text(words) } });
  await other.end();
  return other;
}

describe('a content replacement settled late, one of its new blocks reworded since', () => {
  /** The agent replaces the seeded page's content with two paragraphs; the answer to its last trash is lost. Gives the old blocks and the new. */
  async function lostReplacement(agent: Session): Promise<{ old: string[]; added: string[] }> {
    const pageId = testbed.simulator.seed.parentPageId;
    const old = liveIds(pageId).filter((id) => state().blocks.get(id)!.type !== 'child_page');
    expect(old.length).toBeGreaterThanOrEqual(2);
    const input = { page_id: pageId, children: paragraphs('Rewritten one', 'Rewritten two') };
    const added = await answerLost(agent, 'notion.page.replace_content', input, { method: 'DELETE', path: `/v1/blocks/${old.at(-1)}` });
    expect(added.map(textOf)).toEqual([expect.stringContaining('Rewritten one'), expect.stringContaining('Rewritten two')]);
    expect(old.every(inTrash)).toBe(true);
    return { old, added };
  }
  const pageText = () => liveIds(testbed.simulator.seed.parentPageId).map(textOf).join('\n');

  it('rolled back with the session that reworded it: every new block goes to the trash and the old content comes back', async () => {
    const agent = await runtime.startSession({ agentId: 'writer' });
    const { old, added } = await lostReplacement(agent);
    const other = await rewordedByAnotherSession(added[0]!, 'Reworded by the editor');

    const report = await runtime.rollbackIncident({ sessions: [agent.id, other.id] });

    expect(added.filter((id) => !inTrash(id)), outcomes(report)).toEqual([]);
    expect(old.filter(inTrash), outcomes(report)).toEqual([]);
    expect(pageText()).not.toMatch(/Rewritten|Reworded/);
  });

  it('the agent rolled back alone: the reworded block stays with the other session\'s text and is named', async () => {
    const agent = await runtime.startSession({ agentId: 'writer' });
    const { old, added } = await lostReplacement(agent);
    await rewordedByAnotherSession(added[0]!, 'Reworded by the editor');

    const report = await runtime.rollback(agent.id);

    const replace = report.steps.find((step) => step.action === 'notion.page.replace_content');
    expect(replace?.reason, outcomes(report)).toMatch(new RegExp(`block:${added[0]}`));
    expect(inTrash(added[0]!)).toBe(false);
    expect(textOf(added[0]!)).toContain('Reworded by the editor');
    expect(inTrash(added[1]!)).toBe(true);
    expect(old.filter(inTrash)).toEqual([]);
  });

  it('a person reworded it: the block stays theirs, the rest of the replacement is undone', async () => {
    const agent = await runtime.startSession({ agentId: 'writer' });
    const { old, added } = await lostReplacement(agent);
    await testbed.human.blocks.update({ block_id: added[0]!, paragraph: { rich_text: text('Dana reworded this') } });

    const report = await runtime.rollback(agent.id);

    expect(inTrash(added[0]!), outcomes(report)).toBe(false);
    expect(textOf(added[0]!)).toContain('Dana reworded this');
    expect(inTrash(added[1]!)).toBe(true);
    expect(old.filter(inTrash)).toEqual([]);
  });

  it('a person commented on one of its blocks it left untouched: the block stays with their comment, the rest is undone', async () => {
    const agent = await runtime.startSession({ agentId: 'writer' });
    const { old, added } = await lostReplacement(agent);
    await testbed.human.comments.create({ parent: { block_id: added[1]! }, rich_text: text('Dana: keep this line') });

    const report = await runtime.rollback(agent.id);

    expect(inTrash(added[1]!), outcomes(report)).toBe(false);
    expect((await testbed.human.comments.list({ block_id: added[1]! })).results).toHaveLength(1);
    expect(inTrash(added[0]!)).toBe(true);
    expect(old.filter(inTrash)).toEqual([]);
  });
});

describe('an append settled late, one of its blocks reworded since by another session', () => {
  it('rolled back with that session as one incident: every appended block goes to the trash', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const agent = await runtime.startSession({ agentId: 'writer' });
    const added = await answerLost(agent, 'notion.block.append', { block_id: pageId, children: paragraphs('Step one', 'Step two', 'Step three') }, { method: 'PATCH', path: `/v1/blocks/${pageId}/children` });
    expect(added).toHaveLength(3);
    const other = await rewordedByAnotherSession(added[1]!, 'Reworded by the editor');

    const report = await runtime.rollbackIncident({ sessions: [agent.id, other.id] });

    expect(added.filter((id) => !inTrash(id)), outcomes(report)).toEqual([]);
    expect(liveIds(pageId).map(textOf).join('\n')).not.toMatch(/Step|Reworded/);
  });
});
