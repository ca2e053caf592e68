// notion.block.append: append blocks under a page or block. Inverse: send the appended blocks to the
// trash, each only if nobody edited it (or anything inside it) since: three-way over one field per block.
import { z } from 'zod';
import type { BlockObjectRequest } from '@notionhq/client';
import { defineNotionAction } from './define-action.js';
import { listChildren } from '../block-tree.js';
import { restoreBlocks } from '../block-restore.js';
import { blockSignature } from '../content-signature.js';
import { canonicalId, notionRef } from '../ids.js';
import { lookupUnavailable, type NotionApi } from '../notion-api.js';
import { childIds, withBlocks, type Placement, type PlacedBlock } from '../container-state.js';
import { blockRequest, notionId } from '../schemas.js';
import { appendVersion, containerFields, statesOf, withoutVersion } from '../snapshots.js';

const position = z.union([
  z.object({
    type: z.literal('after_block').describe('"after_block": right after a given child block.'),
    after_block: z.object({ id: notionId.describe('The id of the child block to insert after.') }).describe('The child block to insert after.'),
  }),
  z.object({ type: z.literal('start').describe('"start": before the first child.') }),
  z.object({ type: z.literal('end').describe('"end": after the last child (the default).') }),
]).describe('Where the blocks go among the existing children: {"type":"start"}, {"type":"end"} (the default) or {"type":"after_block","after_block":{"id":"<block id>"}}.');
// `after` is the older form of `position: { type: 'after_block' }` (gone from the API in 2026-03-11): taken, and sent as a position.
const input = z
  .strictObject({
    block_id: notionId.describe('The id of the page or block to add children to (a page\'s id appends to the page\'s content).'),
    children: z.array(blockRequest).min(1).describe('The blocks to add, in order, at most 100, e.g. [{"type":"paragraph","paragraph":{"rich_text":[{"text":{"content":"Hello"}}]}}].'),
    after: notionId.optional().describe('Older form of position {"type":"after_block"}: the id of the child block to insert after. Prefer position; never give both.'),
    position: position.optional(),
  })
  .refine((append) => append.after === undefined || append.position === undefined, { message: 'give after or position, not both' });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const blockAppend = defineNotionAction({
  name: 'notion.block.append',
  reversibility: 'reversible',
  description: 'Append blocks to a page or block; undone by sending the appended blocks nobody edited since to the trash',
  input,
  // The container before (its children, the children of each that has some: one in the conformance
  // page, its comments), the append, and the children of each appended block that has some (one).
  minimumRequests: 5,
  target: ({ block_id }) => notionRef('children', block_id),
  // What is there before the append: the inverse's pre-state, and what a lookup after a lost response
  // must not take for this attempt's blocks. With its children's last edits (from the same listing): a
  // block container's version after the append is worked out from them (see appendVersion).
  snapshot: ({ block_id }, { client }) => containerFields(client, block_id, { versioned: true }),
  async execute(append, { client }): Promise<Loose> {
    const placed = placement(append);
    return client.tracked().run(async (api) => {
      const answer = await api.write((sdk) => sdk.blocks.children.append({ block_id: append.block_id, children: append.children as BlockObjectRequest[], ...(placed ? { position: placed } : {}) }));
      // Notion answers with the new top-level blocks only: what went in under them is read once, now.
      return { ...answer, states: await statesOf(api, answer.results as Loose[], { fresh: true }) };
    });
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
      if (run.every((block, index) => block.created_by?.id === me && blockSignature(block) === wanted[index])) return { object: 'list', results: run, states: await statesOf(client, run) };
    }
    return undefined;
  },
  resource: ({ block_id }) => notionRef('children', block_id),
  // The container as the append left it: the state before, with the answered blocks in their place, and
  // the version the answered blocks' last edits make (see appendVersion).
  post: (append, result, pre) => ({
    ...withBlocks(withoutVersion(pre ?? { contents: [] }), placedBlocks(result), placement(append) ?? { type: 'end' }),
    ...appendVersion(result.results as Loose[], pre),
  }),
  compensation: (args) => {
    const { input: { block_id }, result } = args;
    // Before the write there are no blocks to name: the inverse is staged with the answer.
    if (result === undefined) return null;
    const ids = (result.results as Loose[]).map((block) => block.id as string);
    return restoreBlocks(args, { container: block_id, blockIds: ids, description: `send the ${ids.length} block(s) appended to ${canonicalId(block_id)} to the trash` });
  },
});

/** Where the blocks go: `position`, or `after` as a position, or (absent) the end. */
function placement({ after, position: where }: Input): Placement | undefined {
  return where ?? (after ? { type: 'after_block', after_block: { id: after } } : undefined);
}

/** The appended blocks with the states the execute or lookup read for them. */
function placedBlocks(result: Loose): PlacedBlock[] {
  const states = result.states as Record<string, string> | undefined;
  if (!states) throw new TypeError('the append result carries no block states');
  return (result.results as Loose[]).map((block) => ({ block, state: states[canonicalId(block.id)]! }));
}
