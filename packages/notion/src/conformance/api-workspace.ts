// The conformance workspace over Notion's public API only: what the live mode uses against a sandbox
// page and Tasks data source on api.notion.com, with the agent's token and a second integration's. A
// live sandbox keeps what earlier runs did, so `prepare` makes each check a fresh copy of the handbook
// page under the sandbox page and fresh rows in the data source, named with the run's id, and `tidy`
// moves them to the trash when the check ends.
import { Client, LogLevel, type BlockObjectRequest, type CreatePageParameters } from '@notionhq/client';
import { nullWhenGone, type Json, type ResourceRef } from '@backspace/core/adapter-kit';
import { listChildren } from '../block-tree.js';
import { isNotFound, NotionApi, NOTION_VERSION } from '../notion-api.js';
import { blockContent, CONTAINER_BLOCK_TYPES, normalizeProperties, plainTitle, requestText } from '../normalize.js';
import { SEED_PAGE, SEED_ROWS } from '../simulator/index.js';
import { text } from '../test-support.js';
import type { NotionWorkspace } from './workspace.js';

type Loose = Record<string, any>;

export interface ApiWorkspaceOptions {
  baseUrl: string;
  /** The sandbox page each check's fresh page goes under. */
  pageId: string;
  /** The sandbox Tasks data source (Name title, Status status, Notes text) each check's fresh rows go in. */
  dataSourceId: string;
  /** The second integration; the agent's token when none was given (the human-edit checks are then skipped). */
  humanToken: string;
  /** Makes this run's page and row titles its own. */
  runId: string;
}

export function apiWorkspace(options: ApiWorkspaceOptions): NotionWorkspace & { prepare(): Promise<void>; tidy(): Promise<void> } {
  // The SDK's own retries stay on here (unlike the adapter's client): a live 429 is waited out.
  const human = new Client({ auth: options.humanToken, baseUrl: options.baseUrl, notionVersion: NOTION_VERSION, logLevel: LogLevel.ERROR });
  const reader = new NotionApi(human, options.humanToken);
  let prepared: { pageId: string; rowIds: string[] } | undefined;

  /** A block and its live subtree as the simulator's inspect shows it: type, content, children (subpages left out). */
  const treeOf = async (block: Loose): Promise<Json> => {
    const children = block.has_children && !CONTAINER_BLOCK_TYPES.has(block.type) ? await contentOf(block.id) : [];
    return { type: block.type, content: blockContent(block) as Json, ...(children.length ? { children } : {}) };
  };
  const contentOf = async (parentId: string): Promise<Json[]> => {
    const trees: Json[] = [];
    // One request at a time, in order: a live API's rate limit is gentler on it, and a replay sees the same order.
    for (const block of await listChildren(reader, parentId)) if (!CONTAINER_BLOCK_TYPES.has(block.type)) trees.push(await treeOf(block));
    return trees;
  };

  const read = async (resource: ResourceRef): Promise<Json | null> => {
    switch (resource.type) {
      case 'page': {
        const page = (await nullWhenGone(() => reader.read((sdk) => sdk.pages.retrieve({ page_id: resource.id })), isNotFound)) as Loose | null;
        if (!page) return null;
        const properties = Object.fromEntries(Object.entries(normalizeProperties(page.properties)).map(([field, value]) => [field.slice('prop:'.length), value]));
        return { title: plainTitle(page.properties), in_trash: Boolean(page.in_trash), properties, content: await contentOf(resource.id) };
      }
      case 'block': {
        const block = (await nullWhenGone(() => reader.read((sdk) => sdk.blocks.retrieve({ block_id: resource.id })), isNotFound)) as Loose | null;
        if (!block) return null;
        return { in_trash: Boolean(block.in_trash), text: requestText(block[block.type]?.rich_text), tree: await treeOf(block) };
      }
      case 'children': {
        const children = await nullWhenGone(() => listChildren(reader, resource.id), isNotFound);
        if (!children) return null;
        const listed: Json[] = [];
        for (const child of children) listed.push({ id: child.id, tree: await treeOf(child) });
        return listed;
      }
      case 'comment': {
        const comment = (await nullWhenGone(() => reader.read((sdk) => sdk.comments.retrieve({ comment_id: resource.id })), isNotFound)) as Loose | null;
        if (!comment) return null;
        return { text: requestText(comment.rich_text), parent: comment.parent, discussion_id: comment.discussion_id };
      }
      default:
        throw new Error(`no inspector for ${resource.type}`);
    }
  };

  const createPage = async (parameters: Loose) => (await human.pages.create(parameters as CreatePageParameters)).id;
  const current = () => {
    if (!prepared) throw new Error('the live workspace was not prepared: no page to work on');
    return prepared;
  };

  return {
    human,
    pageId: () => current().pageId,
    rowIds: () => current().rowIds,
    contentBlocks: async () => (await listChildren(reader, current().pageId)).filter((block) => !CONTAINER_BLOCK_TYPES.has(block.type)).map((block) => block.id as string),
    inspect: read,
    async prepare() {
      const label = `conformance ${options.runId}`;
      const pageId = await createPage({ parent: { page_id: options.pageId }, properties: { title: { title: text(`${SEED_PAGE.title} (${label})`) } }, children: SEED_PAGE.blocks as BlockObjectRequest[] });
      const rowIds: string[] = [];
      // The cases use the first two rows; the third stays in the simulator's seed only.
      for (const row of SEED_ROWS.slice(0, 2)) {
        rowIds.push(await createPage({ parent: { data_source_id: options.dataSourceId }, properties: { Name: { title: text(`${row.name} (${label})`) }, Status: { status: { name: row.status } }, Notes: { rich_text: text(row.notes) } } }));
      }
      prepared = { pageId, rowIds };
    },
    async tidy() {
      if (!prepared) return;
      for (const pageId of [prepared.pageId, ...prepared.rowIds]) await human.pages.update({ page_id: pageId, in_trash: true });
      prepared = undefined;
    },
  };
}
