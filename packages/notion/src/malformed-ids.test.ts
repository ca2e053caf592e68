// A malformed id is Notion's 400 validation_error (naming where it was), not a 404: in a body (a parent,
// a position, a relation, a discussion) and in a path. A well-formed id of nothing stays 404
// object_not_found. Sent by a person's own Client; nothing is written.
import { describe, expect, it } from 'vitest';
import type { APIResponseError } from '@notionhq/client';
import { createTestbed, text } from './test-support.js';

const refusal = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error as APIResponseError);
const MALFORMED = 'not-a-notion-id';
const UNKNOWN = '0badc0de-0000-4000-8000-000000000000';

describe('malformed ids', () => {
  it('in a body or a path: 400 validation_error naming the field, and nothing written', async () => {
    const testbed = await createTestbed();
    try {
      const { human, simulator } = testbed;
      const { parentPageId, dataSourceId, rowIds } = simulator.seed;
      const before = JSON.stringify([...simulator.inspect().pages.values(), ...simulator.inspect().blocks.values(), ...simulator.inspect().comments.values()]);
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['body.parent.page_id', () => human.pages.create({ parent: { page_id: MALFORMED }, properties: { title: { title: text('x') } } })],
        ['body.parent.data_source_id', () => human.pages.create({ parent: { data_source_id: MALFORMED }, properties: { Name: { title: text('x') } } })],
        ['body.parent.block_id', () => human.comments.create({ parent: { block_id: MALFORMED } as never, rich_text: text('x') })],
        ['body.discussion_id', () => human.comments.create({ discussion_id: MALFORMED, rich_text: text('x') })],
        ['body.position.after_block.id', () => human.blocks.children.append({ block_id: parentPageId, position: { type: 'after_block', after_block: { id: MALFORMED } }, children: [{ paragraph: { rich_text: text('x') } }] } as never)],
        ['body.properties.Related.relation[0].id', () => human.pages.update({ page_id: rowIds[0]!, properties: { Related: { relation: [{ id: MALFORMED }] } } })],
        ['path.page_id', () => human.pages.retrieve({ page_id: MALFORMED })],
        ['path.block_id', () => human.blocks.children.list({ block_id: MALFORMED })],
        ['path.data_source_id', () => human.dataSources.query({ data_source_id: MALFORMED })],
      ];
      for (const [where, call] of cases) {
        expect(await refusal(call()), where).toMatchObject({ status: 400, code: 'validation_error', message: expect.stringContaining(`${where} should be a valid uuid`) });
      }
      expect(JSON.stringify([...simulator.inspect().pages.values(), ...simulator.inspect().blocks.values(), ...simulator.inspect().comments.values()])).toBe(before);
      // A well-formed id of nothing (or of what is not shared) is still not found.
      expect(await refusal(human.pages.create({ parent: { page_id: UNKNOWN }, properties: { title: { title: text('x') } } }))).toMatchObject({ status: 404, code: 'object_not_found' });
      expect(await refusal(human.pages.retrieve({ page_id: simulator.seed.unsharedPageId }))).toMatchObject({ status: 404, code: 'object_not_found' });
      expect(dataSourceId).toBeTruthy();
    } finally {
      await testbed.close();
    }
  });
});
