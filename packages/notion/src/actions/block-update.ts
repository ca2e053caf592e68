// notion.block.update: change a block's content (text, checked state, colour, ...). Inverse: write the
// previous content back to the same block, if nobody changed it since.
import { z } from 'zod';
import type { UpdateBlockParameters } from '@notionhq/client';
import { defineNotionAction } from './define-action.js';
import { restoreBlocks } from '../block-restore.js';
import { foundByWhatHolds, writtenAgainLater, type SentField } from '../found-by-what-holds.js';
import { canonicalId, notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { blockContent, requestText } from '../normalize.js';
import { notionId } from '../schemas.js';
import { blockField, blockFields, blockWriteVersion, readBlock } from '../snapshots.js';
import { formatBlockState, ownDigest, parseBlockState } from '../block-state.js';
import { withBlockState } from '../container-state.js';

const input = z.looseObject({ block_id: notionId.describe('The id of the block to change. Send its new content beside it under its type\'s key, e.g. "to_do": {"checked": true}.') }).refine(
  (update) => Object.entries(update).filter(([key, value]) => key !== 'block_id' && key !== 'type' && !!value && typeof value === 'object').length === 1 && !('in_trash' in update) && !('archived' in update),
  { message: "give exactly one block type's content, e.g. { block_id, to_do: { checked: true } }; use notion.block.delete to trash a block" },
);
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockUpdate = defineNotionAction({
  name: 'notion.block.update',
  reversibility: 'reversible',
  description: "Update a block's content; undone by writing its previous content back (same block id)",
  modelDescription:
    'Use this to change one existing Notion block in place, e.g. tick a to-do or reword a paragraph: send block_id and, under the block\'s type, its new content, e.g. {"block_id":"<id>","to_do":{"checked":true}} or {"block_id":"<id>","paragraph":{"rich_text":[{"text":{"content":"New wording"}}]}}. To remove a block use notion.block.delete. It can be undone exactly if this session is rolled back, by writing the previous content back.',
  input,
  // The block (for its container), the container's children, the children of each that has some (one in
  // the conformance page) and its comments; the update, whose answer is the block after.
  minimumRequests: 5,
  target: ({ block_id }) => notionRef('block', block_id),
  snapshot: ({ block_id }, { client }) => readBlock(client, block_id, { editedAs: 'notion.block.update' }),
  execute: (update, { client }) => client.write((sdk) => sdk.blocks.update(update as UpdateBlockParameters)),
  // Writing the same content twice changes nothing: a lost answer is settled by what the block holds now
  // (see found-by-what-holds.ts), each field of the content the update sends.
  async lookup(update, { client, pre, laterResources }) {
    const block = (await client.read((sdk) => sdk.blocks.retrieve({ block_id: update.block_id }))) as Loose;
    const sent = update[block.type] as Loose | undefined;
    if (!sent) return undefined;
    const content = blockContent(block);
    const before = ((pre?.content as Loose | undefined)?.[block.type] ?? {}) as Loose;
    const same = (key: string, held: unknown, value: unknown) => (key === 'rich_text' ? requestText(held as Loose[]) === requestText(value as Loose[]) : JSON.stringify(held) === JSON.stringify(value));
    const fields = Object.entries(sent).map(([key, value]): SentField => ({ field: `${block.type}.${key}`, holds: same(key, content[key], value), changes: !pre || !same(key, before[key], value), asBefore: !!pre && same(key, content[key], before[key]) }));
    return foundByWhatHolds(`block ${canonicalId(update.block_id)}`, fields, block, () => writtenAgainLater(client, laterResources, 'block', update.block_id));
  },
  // The answer is the block as updated: its own content changes; what is under it and on it does not. Its
  // last edit moves its container's version (see blockWriteVersion).
  post: ({ block_id }, block, pre) =>
    pre && { ...withBlockState(pre, block_id, formatBlockState({ ...parseBlockState(pre[blockField(block_id)]), own: ownDigest(block) })), ...blockFields(block), ...blockWriteVersion(block, pre) },
  // The block's state lives in its container (see block.delete); its own earlier content is what goes back.
  compensation: (args) => {
    const { input: { block_id }, pre } = args;
    return restoreBlocks(args, {
      container: pre!.container as string,
      blockIds: [block_id],
      previous: { [canonicalId(block_id)]: pre!.content! },
      description: `write back the previous content of block ${canonicalId(block_id)}`,
      holdsSteps: true,
    });
  },
});
