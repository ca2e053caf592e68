// The inverse every content action shares: put the blocks it changed back as they were, each only while
// it still holds what the agent left (three-way over one `block:<id>` field per block), and `contents`
// with them, so a page's own create sees what the session put inside it taken away first.
import { sameJson, type Compensation, type CompensationOperation, type CompensationReport, type Json, type Snapshot } from '@backspace/core';
import { answeredBlockState } from './answered-state.js';
import { trashBlocks } from './block-tree.js';
import { notionRef } from './ids.js';
import type { NotionApi } from './notion-api.js';
import { blockField } from './snapshots.js';

export const RESTORE_BLOCKS = 'notion.blocks.restore';

export interface RestoreBlocksArgs {
  /** The page or block the changed blocks sit in. */
  container: string;
  blockIds: readonly string[];
  pre: Snapshot | null;
  post: Snapshot | null;
  /** Earlier content to write back, by block id (an update's inverse). */
  previous?: Record<string, Json>;
  description: string;
}

export function restoreBlocks({ container, blockIds, pre, post, previous, description }: RestoreBlocksArgs): Compensation {
  const resource = notionRef('children', container);
  const fields = [...new Set(blockIds.map(blockField)), 'contents'];
  return {
    operation: RESTORE_BLOCKS,
    resource,
    input: { container_id: resource.id, ...(previous ? { previous } : {}) },
    strategy: 'restore-fields',
    fields,
    pre,
    post,
    expect: { fields: Object.fromEntries(fields.map((field) => [field, pre?.[field] ?? null])) },
    // Steps on blocks inside this container, and on the container itself, run one at a time, newest first.
    dependsOn: [resource],
    description,
  };
}

/**
 * Runs the restore the engine narrowed to the blocks still holding the agent's state: a block that was
 * absent goes to the trash, one that was there comes back from the trash, or gets its earlier content
 * written back. Only these blocks are touched; nothing is rebuilt from a list, so a later step never
 * undoes what an earlier one restored. Safe to run again.
 */
export const restoreBlocksOperation: CompensationOperation<NotionApi> = {
  async run({ previous = {}, values }: { container_id: string; previous?: Record<string, Json>; values: Record<string, Json> }, { client }): Promise<CompensationReport> {
    const blocks = Object.entries(values).filter(([field]) => field.startsWith('block:')).map(([field, value]) => ({ field, id: field.slice('block:'.length), present: value !== null }));
    // Each block's field as its write's answer shows it; `contents` is back as it was once every block is.
    const observed: Snapshot = {};
    for (const { field, id } of blocks.filter((block) => block.present)) {
      const content = previous[id] as Record<string, Json> | undefined;
      const answer = await client.write((sdk) => sdk.blocks.update({ block_id: id, ...(content ?? { in_trash: false }) } as never));
      observed[field] = answeredBlockState(answer as Record<string, unknown>, values[field]!);
    }
    await trashBlocks(client, blocks.filter((block) => !block.present).map((block) => block.id));
    for (const { field } of blocks.filter((block) => !block.present)) observed[field] = null;
    if ('contents' in values && blocks.every(({ field }) => sameJson(observed[field], values[field]))) observed.contents = values.contents!;
    return { observed };
  },
};
