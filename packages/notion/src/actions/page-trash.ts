// notion.page.trash: move a page to the trash. Inverse: take it out of the trash (same id, content intact).
import { z } from 'zod';
import { defineNotionAction } from './define-action.js';
import { notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { notionId } from '../schemas.js';
import { pageFields } from '../snapshots.js';
import { restorePage } from '../compensations.js';
import { trashedByThisIntegration } from '../trashed-later.js';

const input = z.strictObject({ page_id: notionId.describe('The id of the page to move to the trash (with its sub-pages).') });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const pageTrash = defineNotionAction({
  name: 'notion.page.trash',
  reversibility: 'reversible',
  description: 'Move a page to the trash; undone by restoring it from the trash',
  input,
  // The page before, and the trash, whose answer is the page after.
  minimumRequests: 2,
  target: ({ page_id }) => notionRef('page', page_id),
  snapshot: async ({ page_id }, { client }) => pageFields(await client.read((sdk) => sdk.pages.retrieve({ page_id }))),
  execute: ({ page_id }, { client }) => client.write((sdk) => sdk.pages.update({ page_id, in_trash: true })),
  async lookup({ page_id }, { client }) {
    return trashedByThisIntegration(client, (await client.read((sdk) => sdk.pages.retrieve({ page_id }))) as Loose, 'page');
  },
  post: (_input, page) => pageFields(page),
  // Out of the trash, whatever the pre-state says.
  compensation: (args) => restorePage(args, { page_id: args.input.page_id, fields: ['in_trash'], expect: { in_trash: false }, description: `restore page ${args.input.page_id} from the trash` }),
});
