// Deleting comments as Notion does: an integration deletes only the comments it made (others' answer
// not found), and deleting the comment that opened a discussion takes the thread with it, replies and all,
// while a reply goes alone. Through the official client of each side.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotionClient } from '../notion-api.js';
import { createTestbed, text, type NotionTestbed } from '../test-support.js';

let testbed: NotionTestbed;
beforeEach(async () => (testbed = await createTestbed()));
afterEach(() => testbed.close());

const agent = () => createNotionClient(testbed.simulator.tokens.agent, testbed.simulator.url);
const seen = async (blockId: string) => (await testbed.human.comments.list({ block_id: blockId })).results.map((comment) => comment.rich_text.map((part) => part.plain_text).join(''));

describe('the simulator deletes comments as Notion does', () => {
  it('refuses to delete a person’s comment for the integration, as not found', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const theirs = await testbed.human.comments.create({ parent: { page_id: pageId }, rich_text: text('Dana: looks good') });
    await expect(agent().comments.delete({ comment_id: theirs.id })).rejects.toMatchObject({ status: 404, code: 'object_not_found' });
    expect(await seen(pageId)).toEqual(['Dana: looks good']);
  });

  it('takes the whole discussion with the comment that opened it, and only the reply with a reply', async () => {
    const pageId = testbed.simulator.seed.parentPageId;
    const opening = (await agent().comments.create({ parent: { page_id: pageId }, rich_text: text('Agent: ship Friday?') })) as { id: string; discussion_id: string };
    const ownReply = await agent().comments.create({ discussion_id: opening.discussion_id, rich_text: text('Agent: or Monday') });
    await testbed.human.comments.create({ discussion_id: opening.discussion_id, rich_text: text('Dana: Friday') });

    await agent().comments.delete({ comment_id: ownReply.id });
    expect(await seen(pageId)).toEqual(['Agent: ship Friday?', 'Dana: Friday']);
    await agent().comments.delete({ comment_id: opening.id });
    expect(await seen(pageId)).toEqual([]);
  });
});
