// notion.block.delete: move a block (and its children) to the trash. Inverse: take it out of the trash:
// same id, same place, children come back with it.
import { z } from 'zod';
import { defineNotionAction } from './define-action.js';
import { restoreBlocks } from '../block-restore.js';
import { canonicalId, notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { notionId } from '../schemas.js';
import { blockFields, blockWriteVersion, readBlock } from '../snapshots.js';
import { withoutBlocks } from '../container-state.js';
import { trashedByThisIntegration } from '../trashed-later.js';

const input = z.strictObject({ block_id: notionId.describe('The id of the block to move to the trash (its children go with it).') });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockDelete = defineNotionAction({
  name: 'notion.block.delete',
  reversibility: 'reversible',
  description: 'Delete a block (to the trash); undone by restoring it from the trash with its children',
  input,
  // The block (for its container), the container's children, the children of each that has some (one in
  // the conformance page) and its comments; the delete, whose answer is the block in the trash.
  minimumRequests: 5,
  target: ({ block_id }) => notionRef('block', block_id),
  snapshot: ({ block_id }, { client }) => readBlock(client, block_id, { editedAs: 'notion.block.delete' }),
  execute: ({ block_id }, { client }) => client.write((sdk) => sdk.blocks.delete({ block_id })),
  async lookup({ block_id }, { client }) {
    return trashedByThisIntegration(client, (await client.read((sdk) => sdk.blocks.retrieve({ block_id }))) as Loose, 'block');
  },
  // In the trash, the block is no longer among its container's children.
  post: ({ block_id }, block, pre) => pre && { ...withoutBlocks(pre, [block_id]), ...blockFields(block), ...blockWriteVersion(block, pre) },
  // The block's state lives in its container, beside what else sits there: the append that made it and
  // the page's create compare the same fields.
  compensation: (args) =>
    restoreBlocks(args, { container: args.pre!.container as string, blockIds: [args.input.block_id], description: `restore block ${canonicalId(args.input.block_id)} from the trash`, holdsSteps: true }),
});
