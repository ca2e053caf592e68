// notion.block.delete: move a block (and its children) to the trash. Inverse: take it out of the trash:
// same id, children come back with it.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { NotionApi } from '../notion-api.js';
import { notionId } from '../schemas.js';
import { blockFields } from '../snapshots.js';

const input = z.strictObject({ block_id: notionId });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockDelete = defineAction<Input, Loose, NotionApi>({
  name: 'notion.block.delete',
  reversibility: 'reversible',
  description: 'Delete a block (to the trash); undone by restoring it from the trash with its children',
  input,
  target: ({ block_id }) => ({ provider: 'notion', type: 'block', id: block_id }),
  snapshot: async ({ block_id }, { client }) => blockFields(await client.read((sdk) => sdk.blocks.retrieve({ block_id }))),
  execute: ({ block_id }, { client }) => client.write((sdk) => sdk.blocks.delete({ block_id })),
  async lookup({ block_id }, { client }) {
    const block = (await client.read((sdk) => sdk.blocks.retrieve({ block_id }))) as Loose;
    return block.in_trash ? block : undefined;
  },
  resource: ({ block_id }) => ({ provider: 'notion', type: 'block', id: block_id }),
  post: (_input, block) => blockFields(block),
  compensation: ({ input: { block_id }, resource, pre, post }) => ({
    operation: 'notion.block.restore',
    resource,
    input: { block_id },
    strategy: 'restore-fields',
    fields: ['in_trash'],
    pre,
    post,
    expect: { fields: { in_trash: false } },
    description: `restore block ${block_id} from the trash`,
  }),
});
