// The inverse operations several actions stage, which none of them owns: putting a page's fields back
// (notion.page.update's changed fields, notion.page.trash's `in_trash`), and putting the blocks of a
// container back (every content action, see block-restore.ts). Every other inverse is declared beside
// the action that stages it (`inverses`). Each is safe to run again.
import { z } from 'zod';
import type { UpdatePageParameters } from '@notionhq/client';
import { restoreFields, type Compensation, type CompensationOperation, type Json, type Snapshot } from '@backspace/core';
import { RESTORE_BLOCKS, restoreBlocksOperation } from './block-restore.js';
import { notionRef } from './ids.js';
import type { NotionApi } from './notion-api.js';
import { notionId } from './schemas.js';
import { pageFields } from './snapshots.js';

export const RESTORE_PAGE_FIELDS = 'notion.page.restore-fields';

/** A page's restorable fields: its properties by name, icon, cover, and whether it is in the trash. */
const pageField = z.string().refine((field) => ['icon', 'cover', 'in_trash'].includes(field) || (field.startsWith('prop:') && field.length > 5), 'prop:<name>, icon, cover or in_trash');
const restorePageInput = z.object({ page_id: notionId, values: z.record(pageField, z.json()).optional() }).strict();

/**
 * The inverse that puts back, three-way, the page fields an action changed. It is staged on the page as a
 * container, where its create and the steps inside it look too, and runs in order with those steps.
 * `page_id` is the id the inverse's input names; `expect` replaces the pre-state values where given.
 */
export function restorePage(args: { pre: Snapshot | null; post: Snapshot | null }, spec: { page_id: string; fields: string[]; description: string; expect?: Snapshot }): Compensation {
  const container = notionRef('children', spec.page_id);
  const compensation = restoreFields({ ...args, resource: container }, { operation: RESTORE_PAGE_FIELDS, dependsOn: [container], input: { page_id: spec.page_id }, fields: spec.fields, description: spec.description });
  return spec.expect ? { ...compensation, expect: { fields: spec.expect } } : compensation;
}

export const notionCompensations: Record<string, CompensationOperation<NotionApi>> = {
  [RESTORE_PAGE_FIELDS]: {
    input: restorePageInput,
    async run({ page_id, values = {} }: z.infer<typeof restorePageInput>, { client }) {
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
  [RESTORE_BLOCKS]: restoreBlocksOperation,
};
