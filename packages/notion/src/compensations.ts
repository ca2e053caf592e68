// The inverse operations compensations name. Each is safe to run again: trashing what is already in
// the trash, deleting what is gone or restoring blocks already restored ends in the same state.
import type { UpdatePageParameters } from '@notionhq/client';
import type { CompensationOperation, CompensationReport, Json } from '@backspace/core';
import { RESTORE_BLOCKS, restoreBlocksOperation } from './block-restore.js';
import { commentDeletedState } from './answered-state.js';
import { isArchivedRefusal, isNotFound, type NotionApi } from './notion-api.js';
import { pageFields } from './snapshots.js';
import { notionCompensationInputs as inputs } from './compensation-inputs.js';

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
    input: inputs['notion.page.trash'],
    // Notion answers with the page as it now is: its fields are the step's verification.
    run: async ({ page_id }: { page_id: string }, { client }): Promise<CompensationReport> => ({ observed: pageFields(await client.write((sdk) => sdk.pages.update({ page_id, in_trash: true }))) }),
  },
  'notion.page.restore-fields': {
    input: inputs['notion.page.restore-fields'],
    async run({ page_id, values }: { page_id: string; values: Values }, { client }) {
      const update: Record<string, unknown> = { page_id };
      const properties: Record<string, Json> = {};
      for (const [field, value] of Object.entries(values)) {
        if (field.startsWith('prop:')) properties[field.slice(5)] = value;
        else if (field === 'icon' || field === 'cover' || field === 'in_trash') update[field] = value ?? (field === 'in_trash' ? false : null);
      }
      // Out of the trash first: Notion refuses property edits on a page in the trash.
      let answer: unknown;
      if (update.in_trash === false) {
        answer = await client.write((sdk) => sdk.pages.update({ page_id, in_trash: false }));
        delete update.in_trash;
      }
      if (Object.keys(properties).length > 0) update.properties = properties;
      if (Object.keys(update).length > 1) answer = await client.write((sdk) => sdk.pages.update(update as UpdatePageParameters));
      // The last answer is the page as it now is.
      return answer ? { observed: pageFields(answer as Record<string, unknown>) } : undefined;
    },
  },
  [RESTORE_BLOCKS]: { ...restoreBlocksOperation, input: inputs[RESTORE_BLOCKS] },
  'notion.comment.delete': {
    input: inputs['notion.comment.delete'],
    run: async ({ comment_id, values }: { comment_id: string; values?: Values }, { client, pre }): Promise<CompensationReport | void> => {
      await tolerateGone(() => client.write((sdk) => sdk.comments.delete({ comment_id })));
      // Gone, as the answer (or Notion's not-found for an earlier run's delete) says: a reply's own
      // resource is absent; a comment undone in its container leaves the container as planning read it,
      // without the comment.
      if (!values) return { observed: null };
      return pre ? { observed: commentDeletedState(pre, comment_id) } : undefined;
    },
  },
};
