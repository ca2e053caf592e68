// notion.block.append: append blocks under a page or block. Inverse: send the appended blocks to the
// trash, each only if nobody edited it (or anything inside it) since: three-way over one field per block.
import { z } from 'zod';
import type { BlockObjectRequest } from '@notionhq/client';
import { defineAction } from '@backspace/core';
import { listChildren } from '../block-tree.js';
import { restoreBlocks } from '../block-restore.js';
import { blockSignature } from '../content-signature.js';
import { canonicalId, notionRef } from '../ids.js';
import { lookupUnavailable, type NotionApi } from '../notion-api.js';
import { childIds } from '../container-state.js';
import { blockRequest, notionId } from '../schemas.js';
import { containerFields } from '../snapshots.js';

const position = z.union([
  z.object({ type: z.literal('after_block'), after_block: z.object({ id: notionId }) }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('end') }),
]);
// `after` is the older form of `position: { type: 'after_block' }` (gone from the API in 2026-03-11): taken, and sent as a position.
const input = z
  .strictObject({ block_id: notionId, children: z.array(blockRequest).min(1), after: notionId.optional(), position: position.optional() })
  .refine((append) => append.after === undefined || append.position === undefined, { message: 'give after or position, not both' });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockAppend = defineAction<Input, Loose, NotionApi>({
  name: 'notion.block.append',
  reversibility: 'reversible',
  description: 'Append blocks to a page or block; undone by sending the appended blocks nobody edited since to the trash',
  input,
  target: ({ block_id }) => notionRef('children', block_id),
  // What is there before the append: the inverse's pre-state, and what a lookup after a lost response
  // must not take for this attempt's blocks.
  snapshot: ({ block_id }, { client }) => containerFields(client, block_id),
  async execute({ block_id, children, after, position: where }, { client }) {
    const placed = where ?? (after ? { type: 'after_block' as const, after_block: { id: after } } : undefined);
    return client.write((sdk) => sdk.blocks.children.append({ block_id, children: children as BlockObjectRequest[], ...(placed ? { position: placed } : {}) }));
  },
  // No client key: the earlier write is a run of this integration's blocks with the same types and text
  // that were not there before the attempt. An identical append made earlier, by anyone, is never adopted.
  async lookup({ block_id, children }, { client, idempotencyKey, pre }) {
    if (!pre) throw lookupUnavailable('an append', idempotencyKey);
    const before = new Set(childIds(pre));
    const me = await client.me();
    const added = (await listChildren(client, block_id)).filter((block) => !before.has(canonicalId(block.id)));
    const wanted = children.map(blockSignature);
    for (let start = added.length - wanted.length; start >= 0; start -= 1) {
      const run = added.slice(start, start + wanted.length);
      if (run.every((block, index) => block.created_by?.id === me && blockSignature(block) === wanted[index])) return { object: 'list', results: run };
    }
    return undefined;
  },
  resource: ({ block_id }) => notionRef('children', block_id),
  compensation: ({ input: { block_id }, result, pre, post }) => {
    const ids = (result.results as Loose[]).map((block) => block.id as string);
    return restoreBlocks({ container: block_id, blockIds: ids, pre, post, description: `send the ${ids.length} block(s) appended to ${canonicalId(block_id)} to the trash` });
  },
});
