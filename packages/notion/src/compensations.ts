// The inverse operations compensations name. Each is safe to run again: trashing what is already in
// the trash, deleting what is gone or restoring blocks already restored ends in the same state.
import type { UpdatePageParameters } from '@notionhq/client';
import type { CompensationOperation, Json } from '@backspace/core';
import { RESTORE_BLOCKS, restoreBlocksOperation } from './block-restore.js';
import { isArchivedRefusal, isNotFound, type NotionApi } from './notion-api.js';

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
  [RESTORE_BLOCKS]: restoreBlocksOperation,
  'notion.comment.delete': {
    run: ({ comment_id }: { comment_id: string }, { client }) => tolerateGone(() => client.write((sdk) => sdk.comments.delete({ comment_id }))),
  },
};
