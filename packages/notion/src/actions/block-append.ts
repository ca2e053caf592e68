// notion.block.append: append blocks under a page or block. Inverse: delete the appended blocks, each
// only if nobody edited it (or its children) since: three-way over one field per appended block.
import { z } from 'zod';
import type { BlockObjectRequest } from '@notionhq/client';
import { defineAction } from '@backspace/core';
import { listChildren } from '../block-tree.js';
import type { NotionApi } from '../notion-api.js';
import { blockSignature } from '../content-signature.js';
import { blockRequest, notionId } from '../schemas.js';
import { readChildren } from '../snapshots.js';

const position = z.union([
  z.object({ type: z.literal('after_block'), after_block: z.object({ id: notionId }) }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('end') }),
]);
const input = z.strictObject({ block_id: notionId, children: z.array(blockRequest).min(1), after: notionId.optional(), position: position.optional() });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockAppend = defineAction<Input, Loose, NotionApi>({
  name: 'notion.block.append',
  reversibility: 'reversible',
  description: 'Append blocks to a page or block; undone by deleting the appended blocks nobody edited since',
  input,
  target: ({ block_id }) => ({ provider: 'notion', type: 'children', id: block_id }),
  snapshot: ({ block_id }, { client }) => readChildren(client, block_id),
  execute: ({ block_id, children, after, position: where }, { client }) =>
    client.write((sdk) => sdk.blocks.children.append({ block_id, children: children as BlockObjectRequest[], ...(after ? { after } : {}), ...(where ? { position: where } : {}) })),
  // No client key: after a lost response, the run of our own blocks with the same types and text is the earlier write.
  async lookup({ block_id, children }, { client }) {
    const me = await client.me();
    const existing = await listChildren(client, block_id);
    const wanted = children.map(blockSignature);
    for (let start = existing.length - wanted.length; start >= 0; start -= 1) {
      const run = existing.slice(start, start + wanted.length);
      if (run.every((block, index) => block.created_by?.id === me && blockSignature(block) === wanted[index])) return { object: 'list', results: run };
    }
    return undefined;
  },
  resource: ({ block_id }) => ({ provider: 'notion', type: 'children', id: block_id }),
  compensation: ({ input: { block_id }, result, resource, pre, post }) => {
    const blocks = (result.results as Loose[]).map((block) => `block:${block.id}`);
    // `content` too: when nothing else changed under the parent, undoing means the whole content is
    // back as before, even after a later step of the session rebuilt these blocks under new ids.
    const fields = ['content', ...blocks];
    return {
      operation: 'notion.block.delete-appended',
      resource,
      input: { block_id },
      strategy: 'restore-fields',
      fields,
      pre,
      post,
      expect: { fields: { content: pre?.content ?? [], ...Object.fromEntries(blocks.map((field) => [field, null])) } },
      description: `delete the ${blocks.length} block(s) appended to ${block_id}`,
    };
  },
});
