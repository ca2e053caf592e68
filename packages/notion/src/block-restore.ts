// The inverse every content action shares: put the blocks it changed back as they were, each only while
// it still holds what the agent left (three-way over one `block:<id>` field per block), and `contents`
// with them, so a page's own create sees what the session put inside it taken away first.
import { z } from 'zod';
import { restoreFields, sameJson, type Compensation, type CompensationOperation, type CompensationReport, type Json, type Snapshot } from '@backspace/core';
import { answeredBlockState } from './answered-state.js';
import { rebuildLost, type RebuildEntry } from './block-rebuild.js';
import { trashBlocks } from './block-tree.js';
import { containerValues, objectId } from './compensation-inputs.js';
import { canonicalId, notionRef } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { notionId } from './schemas.js';
import { blockField } from './snapshots.js';

export const RESTORE_BLOCKS = 'notion.blocks.restore';

/** A block's earlier content as blocks.update takes it: it names its own block by the key it sits under, never by `block_id`. */
const blockContent = z.record(z.string(), z.json()).refine((content) => !('block_id' in content), 'block content names no block_id');
/** A replaced block's journaled content, to rebuild it from once Notion no longer keeps it: the block before it (null: first) and its content in request form. */
const rebuildEntry = z.object({ id: objectId, after: objectId.nullable(), node: z.record(z.string(), z.json()).refine((node) => typeof node.type === 'string', 'a block node with its type') }).strict();
const restoreInput = z.object({ container_id: notionId, previous: z.record(objectId, blockContent).optional(), rebuild: z.array(rebuildEntry).optional(), values: containerValues.optional() }).strict();

export interface RestoreBlocksSpec {
  /** The page or block the changed blocks sit in. */
  container: string;
  blockIds: readonly string[];
  /** Earlier content to write back, by block id (an update's inverse). */
  previous?: Record<string, Json>;
  /** What each block to bring back from the trash held, to rebuild it from should Notion no longer keep it. */
  rebuild?: RebuildEntry[];
  description: string;
  /**
   * The blocks are there before and after the write (an update, a delete): the steps on what sits under
   * them wait for this one, newest first. Their state here holds what is under them, so an undo inside one
   * run beside this one changed it between this one's write and its check ("not the expected state").
   */
  holdsSteps?: boolean;
}

/** The inverse of a content action, on its container, from the action's pre- and post-state of it. */
export function restoreBlocks(args: { pre: Snapshot | null; post: Snapshot | null }, { container, blockIds, previous, rebuild, description, holdsSteps }: RestoreBlocksSpec): Compensation {
  const resource = notionRef('children', container);
  return restoreFields(
    { ...args, resource },
    {
      operation: RESTORE_BLOCKS,
      input: { container_id: resource.id, ...(previous ? { previous } : {}), ...(rebuild?.length ? { rebuild: rebuild as unknown as Json } : {}) },
      fields: [...new Set(blockIds.map(blockField)), 'contents'],
      // Steps on blocks inside this container, and on the container itself, run one at a time, newest first.
      dependsOn: [resource, ...(holdsSteps ? blockIds.map((id) => notionRef('children', id)) : [])],
      description,
    },
  );
}

/**
 * Runs the restore the engine narrowed to the blocks still holding the agent's state: a block that was
 * absent goes to the trash, one that was there comes back from the trash, or gets its earlier content
 * written back. Only these blocks are touched, so a later step never undoes what an earlier one
 * restored. A block Notion no longer keeps (deleted for good: object_not_found) is rebuilt from its
 * journaled content where the action kept it (`rebuild`), and said in the residue. Safe to run again.
 */
export const restoreBlocksOperation: CompensationOperation<NotionApi> = {
  // One request a block: a retry part-way finds the blocks it already put back.
  writesMany: true,
  input: restoreInput,
  async run({ container_id, previous = {}, rebuild = [], values = {} }: z.infer<typeof restoreInput>, { client }): Promise<CompensationReport> {
    const blocks = Object.entries(values).filter(([field]) => field.startsWith('block:')).map(([field, value]) => ({ field, id: field.slice('block:'.length), present: value !== null }));
    const rebuildable = new Set(rebuild.map((entry) => entry.id));
    // Each block's field as its write's answer shows it; `contents` is back as it was once every block is.
    const observed: Snapshot = {};
    const lost: string[] = [];
    for (const { field, id } of blocks.filter((block) => block.present)) {
      const content = previous[id] as Record<string, Json> | undefined;
      try {
        const answer = await client.write((sdk) => sdk.blocks.update({ block_id: id, ...(content ?? { in_trash: false }) } as never));
        observed[field] = answeredBlockState(answer as Record<string, unknown>, values[field]!);
      } catch (error) {
        if (content || !rebuildable.has(id) || !isNotFound(error)) throw error;
        lost.push(id);
      }
    }
    const trashed = blocks.filter((block) => !block.present).map((block) => block.id);
    await trashBlocks(client, trashed);
    for (const { field } of blocks.filter((block) => !block.present)) observed[field] = null;
    // The schema checked each entry's node is a block node with its type.
    if (lost.length > 0) return rebuildLost(client, { container: canonicalId(container_id), values, rebuild: rebuild as RebuildEntry[], lost });
    if ('contents' in values && blocks.every(({ field }) => sameJson(observed[field], values[field]))) observed.contents = values.contents!;
    return { observed };
  },
};
