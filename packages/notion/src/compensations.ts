// The inverse operations compensations name. Each is safe to run again: trashing what is already in
// the trash, deleting what is gone or rebuilding content already rebuilt ends in the same state.
import type { UpdatePageParameters } from '@notionhq/client';
import type { CompensationOperation, Json } from '@backspace/core';
import { readTree, rebuildTree, trashBlocks } from './block-tree.js';
import { isArchivedRefusal, isNotFound, type NotionApi } from './notion-api.js';
import { sortedJson, type BlockNode } from './normalize.js';

type Values = Record<string, Json>;

async function tolerateGone(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error) && !isArchivedRefusal(error)) throw error;
  }
}

export const notionCompensations: Record<string, CompensationOperation<NotionApi>> = {
  'notion.page.trash': {
    run: async ({ page_id }: { page_id: string }, { client }) => void (await client.write((sdk) => sdk.pages.update({ page_id, in_trash: true }))),
  },
  'notion.page.restore-fields': {
    async run({ page_id, values }: { page_id: string; values: Values }, { client }) {
      const update: Record<string, unknown> = { page_id };
      const properties: Record<string, Json> = {};
      for (const [field, value] of Object.entries(values)) {
        if (field.startsWith('prop:')) properties[field.slice(5)] = value;
        else if (field === 'icon' || field === 'cover' || field === 'in_trash') update[field] = value ?? (field === 'in_trash' ? false : null);
      }
      // Out of the trash first: Notion refuses property edits on a page in the trash.
      if (update.in_trash === false) await client.write((sdk) => sdk.pages.update({ page_id, in_trash: false }));
      if (Object.keys(properties).length > 0) update.properties = properties;
      if (Object.keys(update).length > 1) await client.write((sdk) => sdk.pages.update(update as UpdatePageParameters));
    },
  },
  'notion.page.restore-content': {
    run: ({ page_id, content }: { page_id: string; content: BlockNode[] }, { client }) => rebuildTree(client, page_id, content),
  },
  'notion.block.delete-appended': {
    async run({ block_id, values }: { block_id: string; values: Values }, { client }) {
      const ids = Object.keys(values).filter((field) => field.startsWith('block:')).map((field) => field.slice(6));
      await trashBlocks(client, ids);
      // The engine restores `content` only while it is still exactly what the agent left; if deleting
      // the blocks by id did not bring it back (a later step rebuilt them under new ids), rebuild it.
      const content = values.content as BlockNode[] | undefined;
      if (content && sortedJson(await readTree(client, block_id)) !== sortedJson(content)) await rebuildTree(client, block_id, content);
    },
  },
  'notion.block.restore-content': {
    async run({ block_id, values }: { block_id: string; values: Values }, { client }) {
      const content = values.content as Record<string, Json> | null;
      if (!content) return;
      await client.write((sdk) => sdk.blocks.update({ block_id, ...content } as never));
    },
  },
  'notion.block.restore': {
    run: ({ block_id }: { block_id: string }, { client }) => client.write((sdk) => sdk.blocks.update({ block_id, in_trash: false })).then(() => undefined),
  },
  'notion.comment.delete': {
    run: ({ comment_id }: { comment_id: string }, { client }) => tolerateGone(() => client.write((sdk) => sdk.comments.delete({ comment_id }))),
  },
};
