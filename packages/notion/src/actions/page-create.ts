// notion.page.create: create a page under a page or in a data source. Inverse: move it to the trash,
// unless others built on it or put something inside it since (then it stays). Notion takes no client
// key: a "Backspace key" rich-text property carries it where the data source has one; otherwise a lost
// create is found by title and parent among the pages that were not there before the attempt.
import { z } from 'zod';
import type { CreatePageParameters } from '@notionhq/client';
import { defineAction, type Compensation } from '@backspace/core';
import { listChildren } from '../block-tree.js';
import { canonicalId, notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { requestText } from '../normalize.js';
import { blockRequest, pageIcon, pageParent, propertyValues } from '../schemas.js';

export const MARKER_PROPERTY = 'Backspace key';

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
    } else {
      // No marker: a lookup after a lost response may adopt only a page that was not there before.
      client.rememberBaseline(idempotencyKey, (await sameTitled(client, page)).map((found) => canonicalId(found.id)));
    }
    return client.write((sdk) => sdk.pages.create({ ...page, properties } as CreatePageParameters));
  },
  async lookup(page, { client, idempotencyKey }) {
    if ('data_source_id' in page.parent && (await hasMarker(client, page.parent.data_source_id))) {
      const filter = { property: MARKER_PROPERTY, rich_text: { equals: idempotencyKey } };
      const found = await client.read((sdk) => sdk.dataSources.query({ data_source_id: (page.parent as { data_source_id: string }).data_source_id, filter } as never));
      return (found.results as Loose[]).at(-1);
    }
    const before = client.baseline(idempotencyKey, 'a page without a "Backspace key" property');
    const me = await client.me();
    const match = (await sameTitled(client, page)).filter((found) => found.created_by?.id === me && !before.has(canonicalId(found.id))).at(-1);
    if (!match) return undefined;
    return 'page_id' in page.parent ? client.read((sdk) => sdk.pages.retrieve({ page_id: match.id })) : match;
  },
  resource: (_input, page) => notionRef('page', page.id),
  compensation: ({ resource, post }): Compensation => {
    // The page as a container: the same resource the steps on what sits inside it use, so the planner
    // sees this session's own blocks, subpages and comments taken away first.
    const container = notionRef('children', resource.id);
    return {
      operation: 'notion.page.trash',
      resource: container,
      input: { page_id: resource.id },
      strategy: 'guarded',
      // Others built on the page when they changed a property, icon or cover (`title` repeats the title
      // property) or a block it held, or put anything inside it (`contents`: blocks, subpages, comments).
      fields: Object.keys(post ?? {}).filter((field) => field.startsWith('prop:') || field.startsWith('block:') || field === 'icon' || field === 'cover'),
      contents: 'contents',
      pre: null,
      post,
      expect: { fields: { in_trash: true } },
      dependsOn: [container],
      residue: `page ${resource.id} stays in Notion's trash with its content, restorable for 30 days`,
      description: `move page ${resource.id} to the trash`,
    };
  },
});

/** Pages with this page's title where it is being created: rows of the data source, or subpages of the page. */
async function sameTitled(client: NotionApi, page: Input): Promise<Loose[]> {
  const title = requestText(titleOf(page.properties));
  if ('data_source_id' in page.parent) {
    const dataSourceId = page.parent.data_source_id;
    const filter = { property: titleName(page.properties), title: { equals: title } };
    const found = await client.read((sdk) => sdk.dataSources.query({ data_source_id: dataSourceId, filter } as never));
    return found.results as Loose[];
  }
  return (await listChildren(client, page.parent.page_id)).filter((block) => block.type === 'child_page' && block.child_page.title === title);
}

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
