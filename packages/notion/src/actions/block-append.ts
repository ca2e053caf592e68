// notion.block.append: append blocks under a page or block. Inverse: send the appended blocks to the
// trash, each only if nobody edited it (or anything inside it) since: three-way over one field per block.
import { z } from 'zod';
import type { BlockObjectRequest } from '@notionhq/client';
import { lookupInconclusive, type ResourceRef } from '@backspace/core';
import { defineNotionAction } from './define-action.js';
import { listChildren } from '../block-tree.js';
import { trashedBlocksUntold, trashedLaterBlocks } from '../trashed-later.js';
import { notMadeByAnother } from '../created-candidates.js';
import { restoreBlocks } from '../block-restore.js';
import { blockSignature, blockType } from '../content-signature.js';
import { stateAsSent } from '../state-as-sent.js';
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
  // No client key: the earlier write is a run of this integration's blocks, of the types sent, that were
  // not there before the attempt (an identical append made earlier, by anyone, is never adopted). Found
  // late, others may have edited or commented on them since (see foundLate).
  async lookup({ block_id, children }, { client, idempotencyKey, pre, laterResources, madeByAnother }) {
    if (!pre) throw lookupUnavailable('an append', idempotencyKey);
    const before = new Set(childIds(pre));
    const me = await client.me();
    const added = (await listChildren(client, block_id)).filter((block) => !before.has(canonicalId(block.id)));
    const found = await withTrashedLater(client, block_id, children as Loose[], likeliestRun(added, children as Loose[], me, idempotencyKey), { before, laterResources, madeByAnother });
    return found ? { object: 'list', results: found.run, states: await foundLate(client, found.run, found.sent, me) } : undefined;
  },
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
 * The blocks sent that the found run lacks, taken from the trash where any session's later writes named
 * them: the agent, or another agent on the same token, found its blocks without the append's answer and
 * deleted some (a container's children leave trashed blocks out). Each is this integration's block in
 * this container, not there before, still as sent, and not recorded as another action's; the rollback's
 * undo of the delete brings it back (in an incident, the other session's too), so the append's must take
 * it again. When a later write put blocks in the same container, one of its blocks trashed since looks
 * the same as this append's: none is taken, and the outcome stays unknown, named (see trashedLaterBlocks).
 */
async function withTrashedLater(
  client: NotionApi,
  containerId: string,
  children: readonly Loose[],
  found: Found | undefined,
  { before, laterResources, madeByAnother }: { before: ReadonlySet<string>; laterResources: ((across?: 'session' | 'journal') => Promise<ResourceRef[]>) | undefined; madeByAnother: ((resource: ResourceRef) => Promise<boolean>) | undefined },
): Promise<Found | undefined> {
  if ((found?.run.length ?? 0) === children.length) return found;
  const taken = new Set((found?.run ?? []).map((block) => canonicalId(block.id)));
  const { blocks, appendedThereLater } = await trashedLaterBlocks(client, laterResources, containerId, (id) => before.has(id) || taken.has(id));
  const trashed = await notMadeByAnother(blocks, (block) => notionRef('block', block.id), madeByAnother);
  if (trashed.length === 0) return found;
  const fromTrash: Loose[] = [];
  const pairs = children.flatMap((child, index) => {
    const at = found?.sent.indexOf(child) ?? -1;
    if (at >= 0) return [{ index, block: found!.run[at]! }];
    const match = trashed.findIndex((block) => blockSignature(block) === blockSignature(child));
    if (match < 0) return [];
    const block = trashed.splice(match, 1)[0]!;
    fromTrash.push(block);
    return [{ index, block }];
  });
  if (fromTrash.length > 0 && appendedThereLater) throw trashedBlocksUntold(fromTrash, containerId);
  return pairs.length === 0 ? found : { run: pairs.map(({ block }) => block), sent: pairs.map(({ index }) => children[index]!) };
}

/** The blocks found as the lost append's, each with the block sent that it is (in the same order). */
interface Found {
  run: Loose[];
  sent: Loose[];
}

/**
 * The blocks the lost append made, as they are now. First an unbroken run of them all, each still as
 * sent (as before anyone could touch them): the only one, since several are the same blocks made again
 * and cannot be told apart (the outcome stays unknown, named). Else, since others may have edited,
 * trashed or put blocks of their own between them since, the blocks sent are matched in order against
 * this integration's new blocks, skipping any: the match holding the most blocks still as sent, then the
 * most blocks of the types sent at their places (edited since: kept and named), then the fewest blocks
 * between them (they were made side by side). When what this attempt made cannot be told (no block as
 * sent, or two matches as good that take different blocks) the outcome stays unknown and the report
 * names it, rather than the blocks being taken for someone else's or another session's being taken
 * for the agent's.
 */
function likeliestRun(added: readonly Loose[], children: readonly Loose[], me: string, idempotencyKey: string): Found | undefined {
  const wanted = children.map(blockSignature);
  const types = children.map(blockType);
  let typed = false;
  const asSent: Loose[][] = [];
  for (let start = added.length - wanted.length; start >= 0; start -= 1) {
    const run = added.slice(start, start + wanted.length);
    if (!run.every((block, index) => block.created_by?.id === me && block.type === types[index])) continue;
    if (run.every((block, index) => blockSignature(block) === wanted[index])) asSent.push(run);
    typed = true;
  }
  if (asSent.length === 1) return { run: asSent[0]!, sent: [...children] };
  // The same blocks made again since (the agent sending the call again after "outcome unknown", or another
  // session on the same token): taking the newest run took the retry's blocks for this write's, and its
  // own stayed in the page while the report blamed "someone" for changing the page.
  if (asSent.length > 1) {
    const named = asSent.map((run) => run.map((block) => `block ${canonicalId(block.id)}`).join(', ')).reverse().join('; ');
    throw lookupInconclusive('notion', `this integration put the blocks sent here ${asSent.length} times since the attempt (${named}): the agent may have sent the append again, or another session on the same token the same blocks, and Notion cannot tell which run is this write's, so none is taken for it`, 'Notion');
  }
  const matches = bestMatches(added, wanted, types, me);
  // No block as sent: a run of this integration's blocks of the types sent may be the attempt's with every
  // block edited, or another append of the same types; with no such run, the append never landed.
  if (!matches || matches.held === 0) {
    if (typed) throw lookupUnavailable('an append whose blocks were edited since', idempotencyKey);
    return undefined;
  }
  if (!matches.match) throw lookupUnavailable('an append whose blocks others moved apart or edited since', idempotencyKey);
  return { run: matches.match.map(([, at]) => added[at]!), sent: matches.match.map(([index]) => children[index]!) };
}

/** How many equally good matches are compared to tell whether they all take the same blocks; past it, they cannot be told apart. */
const MATCHES_COMPARED = 64;

/**
 * The best matches, in order, of the blocks sent (by index) to this integration's new blocks (by index
 * in `added`), skipping any of either: scored by the blocks still as sent, then the blocks matched (of
 * the type sent), then the fewest blocks skipped between the first and last matched. Gives how many
 * blocks the best match holds as sent and its pairs [block sent, new block] when every match as good
 * takes the same new blocks (none when they differ), or nothing when no block matches at all.
 */
function bestMatches(added: readonly Loose[], wanted: readonly string[], types: readonly string[], me: string): { held: number; match?: [number, number][] } | undefined {
  const n = wanted.length;
  const m = added.length;
  const unit = m + n + 2;
  const mine = added.map((block) => block.created_by?.id === me);
  const signatures = added.map((block, at) => (mine[at] ? blockSignature(block) : undefined));
  // best(i, j, after): the best score for the blocks sent from i on, among the new blocks from j on;
  // `after` when the block before j was matched (blocks skipped from j to the next match are between).
  const memo = new Map<number, number>();
  const gain = (i: number, k: number, j: number, after: boolean) =>
    (signatures[k] === wanted[i] ? unit * unit : 0) + unit - (after ? k - j : 0);
  const best = (i: number, j: number, after: boolean): number => {
    if (i === n) return 0;
    const key = (i * (m + 1) + j) * 2 + (after ? 1 : 0);
    const known = memo.get(key);
    if (known !== undefined) return known;
    let score = best(i + 1, j, after);
    for (let k = j; k < m; k += 1) {
      if (mine[k] && added[k]!.type === types[i]) score = Math.max(score, gain(i, k, j, after) + best(i + 1, k + 1, true));
    }
    memo.set(key, score);
    return score;
  };
  const top = best(0, 0, false);
  if (top < unit) return undefined;
  let match: [number, number][] | undefined;
  let compared = 0;
  let told = true;
  const taken = (pairs: [number, number][]) => pairs.map(([, at]) => at).join(',');
  const walk = (i: number, j: number, after: boolean, pairs: [number, number][]): void => {
    if (!told) return;
    if (i === n) {
      compared += 1;
      if (!match) match = pairs;
      else if (taken(pairs) !== taken(match) || compared > MATCHES_COMPARED) told = false;
      return;
    }
    const target = best(i, j, after);
    if (best(i + 1, j, after) === target) walk(i + 1, j, after, pairs);
    for (let k = j; k < m; k += 1) {
      if (mine[k] && added[k]!.type === types[i] && gain(i, k, j, after) + best(i + 1, k + 1, true) === target) walk(i + 1, k + 1, true, [...pairs, [i, k]]);
    }
  };
  walk(0, 0, false, []);
  return { held: Math.floor(top / (unit * unit)), ...(told ? { match } : {}) };
}

/**
 * The states the found blocks were left in by the append, as a read right after it would have given them
 * (see stateAsSent): what others changed since keeps its block, named; what journaled actions did since
 * is undone first, so those blocks go to the trash with the rest.
 */
async function foundLate(client: NotionApi, run: readonly Loose[], sent: readonly Loose[], me: string): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const [index, block] of run.entries()) states[canonicalId(block.id)] = await stateAsSent(client, block, sent[index]!, me);
  return states;
}

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
