// /v1/pages: create, retrieve, update (properties, icon, cover, trash).
import type { SimulatorRequest } from '@backspace/simulator-kit';
import type { RouteTable } from './route-table.js';
import { refuseArchived, requireDataSource, requirePage, requireUuid } from './access.js';
import { insertBlocks, parseChildren } from './blocks.js';
import { validationError } from './notion-errors.js';
import { PAGE_SCHEMA, parsePropertyWrites } from './properties.js';
import { renderPage, schemaFor } from './render-page.js';
import { plainText, type StoredRichText } from './rich-text.js';
import { normalizeId, type NotionStore, type PageParent, type PageRecord } from './store.js';

type Body = Record<string, unknown>;

export function addPageRoutes(router: RouteTable, store: NotionStore, userId: (request: SimulatorRequest) => string): void {
  router.post('/v1/pages', (request) => {
    const body = (request.body ?? {}) as Body;
    const user = userId(request);
    const { parent, schema, parentPage } = resolveParent(store, body.parent);
    const properties = parsePropertyWrites(schema, body.properties, store.newId);
    const children = body.children === undefined ? [] : parseChildren(body.children);
    const now = store.times.nextIso();
    const page: PageRecord = {
      id: store.newId(), parent, properties, icon: body.icon ?? null, cover: body.cover ?? null, inTrash: false, shared: true,
      children: [], createdTime: now, createdBy: user, lastEditedTime: now, lastEditedBy: user,
    };
    store.pages.set(page.id, page);
    if (parentPage) {
      // A subpage is also a child_page block of its parent, as in Notion.
      store.blocks.set(page.id, { id: page.id, type: 'child_page', content: { title: titleOf(store, page) }, parent: { type: 'page_id', page_id: parentPage.id }, pageId: parentPage.id, children: [], inTrash: false, createdTime: now, createdBy: user, lastEditedTime: now, lastEditedBy: user });
      parentPage.children.push(page.id);
      store.touchPage(parentPage.id, user);
    }
    insertBlocks(store, { kind: 'page', id: page.id, pageId: page.id, children: page.children }, children, user);
    return { status: 200, body: renderPage(store, page) };
  });

  router.get('/v1/pages/:page_id', (request) => ({ status: 200, body: renderPage(store, requirePage(store, request.params.page_id!)) }));

  router.patch('/v1/pages/:page_id', (request) => {
    const page = requirePage(store, request.params.page_id!);
    const body = (request.body ?? {}) as Body;
    const user = userId(request);
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw validationError(`body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`);
    if (trash !== false) refuseArchived(page.inTrash && (body.properties !== undefined || 'icon' in body || 'cover' in body), 'page');
    const properties = parsePropertyWrites(schemaFor(store, page), body.properties, store.newId);
    Object.assign(page.properties, properties);
    if ('icon' in body) page.icon = body.icon ?? null;
    if ('cover' in body) page.cover = body.cover ?? null;
    if (typeof trash === 'boolean') page.inTrash = trash;
    const asBlock = store.blocks.get(page.id);
    if (asBlock) {
      asBlock.content = { title: titleOf(store, page) };
      asBlock.inTrash = page.inTrash;
    }
    store.touchPage(page.id, user);
    return { status: 200, body: renderPage(store, page) };
  });
}

function resolveParent(store: NotionStore, parent: unknown): { parent: PageParent; schema: typeof PAGE_SCHEMA; parentPage?: PageRecord } {
  const given = (parent ?? {}) as Record<string, string>;
  if (given.page_id !== undefined) {
    const parentPage = requirePage(store, given.page_id, 'body.parent.page_id');
    refuseArchived(parentPage.inTrash, 'page');
    return { parent: { type: 'page_id', page_id: parentPage.id }, schema: PAGE_SCHEMA, parentPage };
  }
  if (given.database_id !== undefined) requireUuid(given.database_id, 'body.parent.database_id');
  const dataSourceId = given.data_source_id ?? [...store.dataSources.values()].find((source) => source.databaseId === normalizeId(given.database_id ?? ''))?.id ?? given.database_id;
  if (dataSourceId !== undefined) {
    const dataSource = requireDataSource(store, dataSourceId, given.data_source_id !== undefined ? 'body.parent.data_source_id' : 'body.parent.database_id');
    return { parent: { type: 'data_source_id', data_source_id: dataSource.id, database_id: dataSource.databaseId }, schema: dataSource.properties };
  }
  throw validationError('body failed validation: body.parent should be defined with a page_id, a data_source_id or a database_id.');
}

export function titleOf(store: NotionStore, page: PageRecord): string {
  const titleProperty = Object.values(schemaFor(store, page)).find((property) => property.type === 'title')!;
  return plainText(((page.properties[titleProperty.name]?.title as StoredRichText[]) ?? []));
}
