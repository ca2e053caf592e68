// notion.block.append: append blocks under a page or block. Inverse: send the appended blocks to the
// trash, each only if nobody edited it (or anything inside it) since: three-way over one field per block.
import { z } from 'zod';
import type { BlockObjectRequest } from '@notionhq/client';
import { defineNotionAction } from './define-action.js';
import { listChildren } from '../block-tree.js';
import { restoreBlocks } from '../block-restore.js';
import { blockSignature, blockType, contentSignature } from '../content-signature.js';
import { canonicalId, notionRef } from '../ids.js';
import { lookupUnavailable, type NotionApi } from '../notion-api.js';
import { childIds, withBlocks, type Placement, type PlacedBlock } from '../container-state.js';
import { blockRequest, notionId } from '../schemas.js';
import { appendVersion, blockParts, containerFields, hasComments, stateOf, statesOf, withoutVersion } from '../snapshots.js';
import { toBlockNode } from '../normalize.js';

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
  // No client key: the earlier write is a run of this integration's blocks, of the types sent, that were
  // not there before the attempt (an identical append made earlier, by anyone, is never adopted). Found
  // late, others may have edited or commented on them since (see foundLate).
  async lookup({ block_id, children }, { client, idempotencyKey, pre }) {
    if (!pre) throw lookupUnavailable('an append', idempotencyKey);
    const before = new Set(childIds(pre));
    const me = await client.me();
    const added = (await listChildren(client, block_id)).filter((block) => !before.has(canonicalId(block.id)));
    const run = likeliestRun(added, children as Loose[], me, idempotencyKey);
    return run ? { object: 'list', results: run, states: await foundLate(client, run, children as Loose[], me) } : undefined;
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

/**
 * The run of new blocks the lost append made, the newest first among equals: every block this
 * integration's and of the type sent at its place, and the most of them still holding the text sent (an
 * edit never changes a block's type). None when no run is this integration's and of those types; when
 * only runs that hold none of the text sent (every block edited since, or another append of the same
 * types) or several that hold as much are there, what this attempt made cannot be told: the outcome
 * stays unknown, and the report names it, rather than the blocks being taken for someone else's.
 */
function likeliestRun(added: readonly Loose[], children: readonly Loose[], me: string, idempotencyKey: string): Loose[] | undefined {
  const wanted = children.map(blockSignature);
  const types = children.map(blockType);
  let best: { run: Loose[]; held: number } | undefined;
  let tied = false;
  for (let start = added.length - wanted.length; start >= 0; start -= 1) {
    const run = added.slice(start, start + wanted.length);
    if (!run.every((block, index) => block.created_by?.id === me && block.type === types[index])) continue;
    const held = run.filter((block, index) => blockSignature(block) === wanted[index]).length;
    // Every block as sent: the newest such run is the attempt's, as before anyone could touch it.
    if (held === wanted.length) return run;
    if (!best || held > best.held) [best, tied] = [{ run, held }, false];
    else if (held === best.held) tied = true;
  }
  if (!best) return undefined;
  if (best.held === 0 || tied) throw lookupUnavailable('an append whose blocks were edited since', idempotencyKey);
  return best.run;
}

/**
 * The states the found blocks were left in by the append, as far as they can be told now: a block still
 * holding what was sent (its text, what is under it) with no comment on it, as read now; any other (edited,
 * commented on, given blocks under it by someone) a state no read gives, so the rollback sees it changed
 * by others, keeps it and names it, and sends only the untouched ones to the trash.
 */
async function foundLate(client: NotionApi, run: readonly Loose[], children: readonly Loose[], me: string): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const [index, block] of run.entries()) {
    const parts = await blockParts(client, block, me);
    const untouched = parts.comments.length === 0 && !hasComments(parts.nodes ?? []) && contentSignature([toBlockNode(block, parts.nodes ?? undefined)]) === contentSignature([children[index]!]);
    states[canonicalId(block.id)] = untouched ? stateOf(block, parts) : NOT_AS_APPENDED;
  }
  return states;
}

/** The state of a found block someone changed since the append: never equal to a block's state as read. */
const NOT_AS_APPENDED = 'changed-since-the-append';

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
