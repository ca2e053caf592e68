// notion.page.create: create a page under a page or in a data source. Inverse: move it to the trash,
// unless others built on it since (then it stays). Notion takes no client key: a "Backspace key"
// rich-text property carries it where the data source has one; otherwise title, parent and time find it.
import { z } from 'zod';
import type { CreatePageParameters } from '@notionhq/client';
import { defineAction, type Compensation } from '@backspace/core';
import { listChildren } from '../block-tree.js';
import type { NotionApi } from '../notion-api.js';
import { requestText } from '../normalize.js';
import { blockRequest, pageIcon, pageParent, propertyValues } from '../schemas.js';

export const MARKER_PROPERTY = 'Backspace key';
/** How far back a lost create is looked for by title and parent. */
const LOOKUP_WINDOW_MS = 15 * 60_000;

const input = z.strictObject({
  parent: pageParent,
  properties: propertyValues,
  icon: pageIcon.optional(),
  cover: pageIcon.optional(),
  children: z.array(blockRequest).optional(),
});
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const pageCreate = defineAction<Input, Loose, NotionApi>({
  name: 'notion.page.create',
  reversibility: 'compensatable',
  description: 'Create a page; undone by moving it to the trash (restorable there by anyone for 30 days)',
  input,
  async execute(page, { client, idempotencyKey }) {
    const properties = { ...page.properties };
    if ('data_source_id' in page.parent && (await hasMarker(client, page.parent.data_source_id))) {
      properties[MARKER_PROPERTY] = { rich_text: [{ type: 'text', text: { content: idempotencyKey } }] };
    }
    return client.write((sdk) => sdk.pages.create({ ...page, properties } as CreatePageParameters));
  },
  async lookup(page, { client, idempotencyKey, clock }) {
    const me = await client.me();
    const since = new Date(clock.now() - LOOKUP_WINDOW_MS).toISOString();
    const title = requestText(titleOf(page.properties));
    if ('data_source_id' in page.parent) {
      const dataSourceId = page.parent.data_source_id;
      const filter = (await hasMarker(client, dataSourceId))
        ? { property: MARKER_PROPERTY, rich_text: { equals: idempotencyKey } }
        : { and: [{ property: titleName(page.properties), title: { equals: title } }, { timestamp: 'created_time', created_time: { on_or_after: since } }] };
      const found = await client.read((sdk) => sdk.dataSources.query({ data_source_id: dataSourceId, filter } as never));
      return (found.results as Loose[]).filter((row) => row.created_by?.id === me).at(-1);
    }
    const parentId = page.parent.page_id;
    const match = (await listChildren(client, parentId)).filter((block) => block.type === 'child_page' && block.child_page.title === title && block.created_by?.id === me && Date.parse(block.created_time) >= Date.parse(since)).at(-1);
    return match ? client.read((sdk) => sdk.pages.retrieve({ page_id: match.id })) : undefined;
  },
  resource: (_input, page) => ({ provider: 'notion', type: 'page', id: page.id }),
  compensation: ({ resource, post }): Compensation => ({
    operation: 'notion.page.trash',
    resource,
    input: { page_id: resource.id },
    strategy: 'guarded',
    // A property, icon or cover someone changed since means they built on the page (`title` repeats the
    // title property). The content is not guarded: the same session's appends are undone by their own
    // steps, which the planner cannot see from here, and the trash keeps whatever is left.
    fields: Object.keys(post ?? {}).filter((field) => field.startsWith('prop:') || field === 'icon' || field === 'cover'),
    pre: null,
    post,
    expect: { fields: { in_trash: true } },
    residue: `page ${resource.id} stays in Notion's trash with its content, restorable for 30 days`,
    description: `move page ${resource.id} to the trash`,
  }),
});

async function hasMarker(client: NotionApi, dataSourceId: string): Promise<boolean> {
  const source = (await client.read((sdk) => sdk.dataSources.retrieve({ data_source_id: dataSourceId }))) as Loose;
  return source.properties?.[MARKER_PROPERTY]?.type === 'rich_text';
}

function titleOf(properties: Record<string, Loose>): Loose[] {
  return (Object.values(properties).find((value) => Array.isArray(value.title))?.title as Loose[] | undefined) ?? [];
}

function titleName(properties: Record<string, Loose>): string {
  return Object.entries(properties).find(([, value]) => Array.isArray(value.title))?.[0] ?? 'title';
}
