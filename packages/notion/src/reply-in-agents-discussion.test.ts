// The agent starts a discussion with a comment and a person replies in it. Deleting the opening comment
// leaves the person's reply answering nothing (and Notion, deleting the comment that opens a discussion,
// may take the whole thread with it): the rollback deleted it all the same, reading only the page's
// `contents` as someone else's. The opening comment is now kept, a conflict naming the discussion's
// replies; the agent's own replies in it are its own steps, undone first. Read back through the person's
// own client.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { appendBlocks, paragraphs, runtimeEachTest, text, type NotionTestbed } from './test-support.js';

type Loose = Record<string, any>;
let testbed: NotionTestbed;
let runtime: Runtime;
runtimeEachTest((made) => ({ testbed, runtime } = made));

/** The comments the person sees on a page or block, as [id, text], in order. */
async function seenByPerson(blockId: string): Promise<[string, string][]> {
  const { results } = await testbed.human.comments.list({ block_id: blockId });
  return results.map((comment) => [comment.id, comment.rich_text.map((part) => part.plain_text).join('')]);
}

const outcomes = (report: { steps: Loose[] }) => report.steps.map((step) => [step.action, step.outcome]);

describe('a discussion the agent started', () => {
  it('on a page, a person replied: the rollback keeps the agent’s comment and the reply, a conflict naming the replies', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: should we ship Friday?') })) as Loose;
    await session.end();
    const reply = await testbed.human.comments.create({ discussion_id: comment.discussion_id, rich_text: text('Dana: yes, Friday works') });

    const report = await runtime.rollback(session.id);

    expect(await seenByPerson(pageId)).toEqual([
      [comment.id, 'Agent: should we ship Friday?'],
      [reply.id, 'Dana: yes, Friday works'],
    ]);
    expect(outcomes(report)).toEqual([['notion.comment.create', 'conflict']]);
    const step = report.steps[0]!;
    expect(step.reason).toContain(`replies:${comment.id}`);
    expect(step.fields).toContainEqual(expect.objectContaining({ field: `replies:${comment.id}`, current: [`notion.comment:${reply.id}`], decision: 'keep' }));
  });

  it('on a page, only the agent replied in it, same session: the rollback deletes both', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: draft plan') })) as Loose;
    await session.run('notion.comment.create', { discussion_id: comment.discussion_id, rich_text: text('Agent: one more thing') });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified'], ['notion.comment.create', 'verified']]);
    // The agent's reply, gone first, was nobody else's change.
    expect(report.steps.map((step) => step.reason).join('\n')).not.toMatch(/someone/);
    expect(await seenByPerson(pageId)).toEqual([]);
  });

  it('on a page, a person commented beside it (no reply): the rollback still deletes the agent’s comment', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const session = await runtime.startSession({ agentId: 'planner' });
    await session.run('notion.comment.create', { parent: { page_id: pageId }, rich_text: text('Agent: draft plan') });
    await session.end();
    const persons = await testbed.human.comments.create({ parent: { page_id: pageId }, rich_text: text('Dana: unrelated note') });

    const report = await runtime.rollback(session.id);

    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified']]);
    expect(await seenByPerson(pageId)).toEqual([[persons.id, 'Dana: unrelated note']]);
  });

  it('on the agent’s own block, a person replied: the rollback keeps the comment and the reply', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const earlier = await runtime.startSession({ agentId: 'planner' });
    const [blockId] = await appendBlocks(earlier, pageId, paragraphs('Agent: release notes'));
    await earlier.end();
    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { block_id: blockId! }, rich_text: text('Agent: wording ok?') })) as Loose;
    await session.end();
    const reply = await testbed.human.comments.create({ discussion_id: comment.discussion_id, rich_text: text('Dana: fine by me') });

    const report = await runtime.rollback(session.id);

    expect(outcomes(report)).toEqual([['notion.comment.create', 'conflict']]);
    expect(await seenByPerson(blockId!)).toEqual([
      [comment.id, 'Agent: wording ok?'],
      [reply.id, 'Dana: fine by me'],
    ]);
  });
});

describe('the agent replying in its own discussion, in the same session', () => {
  it('on the agent’s own block: the rollback deletes the reply, then the comment, and says nobody else changed anything', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const earlier = await runtime.startSession({ agentId: 'planner' });
    const [blockId] = await appendBlocks(earlier, pageId, paragraphs('Agent: release notes'));
    await earlier.end();
    const session = await runtime.startSession({ agentId: 'planner' });
    const comment = (await session.run('notion.comment.create', { parent: { block_id: blockId! }, rich_text: text('Agent: wording ok?') })) as Loose;
    await session.run('notion.comment.create', { discussion_id: comment.discussion_id, rich_text: text('Agent: also the date') });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(outcomes(report)).toEqual([['notion.comment.create', 'verified'], ['notion.comment.create', 'verified']]);
    expect(report.steps.map((step) => step.reason).join('\n')).not.toMatch(/someone/);
    expect(await seenByPerson(blockId!)).toEqual([]);
  });
});
