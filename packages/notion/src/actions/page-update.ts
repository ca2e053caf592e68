// notion.page.update: change a page's properties, icon or cover. Inverse: write back the earlier value
// of each field the agent changed that still holds the agent's value (three-way, writable types only).
import { z } from 'zod';
import type { UpdatePageParameters } from '@notionhq/client';
import { sameJson, type Json } from '@backspace/core';
import { defineNotionAction } from './define-action.js';
import { restorePage } from '../compensations.js';
import { canonicalId, notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { foundByWhatHolds, writtenAgainLater, type SentField } from '../found-by-what-holds.js';
import { holds, propertyName } from '../property-values.js';
import { notionId, pageIcon, propertyValues } from '../schemas.js';
import { pageFields } from '../snapshots.js';

const input = z
  .strictObject({
    page_id: notionId.describe('The id of the page to change.'),
    properties: propertyValues.optional(),
    icon: pageIcon.optional().describe('A new page icon, e.g. {"type":"emoji","emoji":"✅"}; null removes it. Leave out to keep it.'),
    cover: pageIcon.optional().describe('A new cover image, e.g. {"type":"external","external":{"url":"https://example.com/cover.jpg"}}; null removes it. Leave out to keep it.'),
  })
  .refine((update) => update.properties !== undefined || update.icon !== undefined || update.cover !== undefined, { message: 'give at least one of properties, icon, cover' });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const pageUpdate = defineNotionAction({
  name: 'notion.page.update',
  reversibility: 'reversible',
  description: "Update a page's properties, icon or cover; undone by restoring the fields the agent changed (three-way)",
  input,
  // The page before, and the update, whose answer is the page after.
  minimumRequests: 2,
  target: ({ page_id }) => notionRef('page', page_id),
  snapshot: async ({ page_id }, { client }) => pageFields(await client.read((sdk) => sdk.pages.retrieve({ page_id }))),
  execute: (update, { client }) => client.write((sdk) => sdk.pages.update(update as UpdatePageParameters)),
  // Setting the same values twice changes nothing: a lost answer is settled by what the page holds now
  // (see found-by-what-holds.ts), each property, the icon and the cover the update sends.
  async lookup(update, { client, pre, laterResources }) {
    const page = (await client.read((sdk) => sdk.pages.retrieve({ page_id: update.page_id }))) as Loose;
    const current = pageFields(page);
    const sent = (field: string, holds: (value: Json | undefined) => boolean): SentField => ({ field, holds: holds(current[field]), changes: !pre || !holds(pre[field]), asBefore: !!pre && sameJson(current[field] ?? null, pre[field] ?? null) });
    const fields = [
      ...Object.entries(update.properties ?? {}).map(([key, value]) => sent(`prop:${propertyName(page, key)}`, (held) => holds(held, value))),
      ...(['icon', 'cover'] as const).filter((field) => update[field] !== undefined).map((field) => sent(field, (held) => sameImage(held, update[field] as Loose | null))),
    ];
    return foundByWhatHolds(`page ${canonicalId(update.page_id)}`, fields, page, () => writtenAgainLater(client, laterResources, 'page', update.page_id));
  },
  post: (_input, page) => pageFields(page),
  compensation: (args) => {
    const { input: update, result, pre } = args;
    // Before the write (no answer yet), a property given by id is named only where the pre-state knows it by name.
    if (result === undefined && Object.keys(update.properties ?? {}).some((key) => !(pre && `prop:${key}` in pre))) return null;
    const fields = changedFields(update, result ?? {});
    return restorePage(args, { page_id: canonicalId(update.page_id), fields, description: `restore ${fields.join(', ')} of page ${update.page_id}` });
  },
});

/** Snapshot field names for what the update touched: `prop:<name>` (ids resolved to names), icon, cover. */
function changedFields(update: Input, page: Loose): string[] {
  const names = Object.keys(update.properties ?? {}).map((key) => propertyName(page, key));
  return [...names.map((name) => `prop:${name}`), ...(update.icon !== undefined ? ['icon'] : []), ...(update.cover !== undefined ? ['cover'] : [])];
}

/** Whether an icon or cover holds what was sent: an uploaded file is answered as a file Notion hosts, so any such file counts. */
function sameImage(held: Json | undefined, sent: Loose | null): boolean {
  if (sent?.type === 'file_upload') return (held as Loose | null)?.type === 'file' || (held as Loose | null)?.type === 'file_upload';
  return sameJson(held, sent as Json);
}
