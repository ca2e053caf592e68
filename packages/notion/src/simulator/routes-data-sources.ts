// /v1/data_sources: retrieve a schema, update it, query its rows (a few filters), and /v1/users/me.
import type { SimulatorRequest } from '@backspace/simulator-kit';
import type { RouteTable } from './route-table.js';
import { requireDataSource } from './access.js';
import { validationError } from './notion-errors.js';
import { applySchemaUpdate, renderSchema } from './properties.js';
import { paginate, renderPage } from './render-page.js';
import { parseRichText, plainText, type StoredRichText } from './rich-text.js';
import type { DataSourceRecord, NotionStore, PageRecord, StoredValue } from './store.js';

type Filter = Record<string, unknown>;

export function addDataSourceRoutes(router: RouteTable, store: NotionStore, userId: (request: SimulatorRequest) => string): void {
  router.get('/v1/data_sources/:data_source_id', (request) => ({ status: 200, body: renderDataSource(requireDataSource(store, request.params.data_source_id!)) }));

  // A schema update: properties added, renamed, changed or removed (rows' values follow), a new title.
  router.patch('/v1/data_sources/:data_source_id', (request) => {
    const source = requireDataSource(store, request.params.data_source_id!);
    const body = (request.body ?? {}) as { title?: unknown; properties?: unknown };
    if (body.title !== undefined) source.title = plainText(parseRichText(body.title, 'body.title'));
    if (body.properties !== undefined) {
      const { renamed, removed } = applySchemaUpdate(source.properties, body.properties, store.newId);
      for (const row of store.pages.values()) {
        if (row.parent.type !== 'data_source_id' || row.parent.data_source_id !== source.id) continue;
        for (const [from, to] of renamed) {
          if (!(from in row.properties)) continue;
          row.properties[to] = row.properties[from]!;
          delete row.properties[from];
        }
        for (const name of removed) delete row.properties[name];
      }
    }
    return { status: 200, body: renderDataSource(source) };
  });

  router.post('/v1/data_sources/:data_source_id/query', (request) => {
    const source = requireDataSource(store, request.params.data_source_id!);
    const body = (request.body ?? {}) as { filter?: Filter; start_cursor?: string; page_size?: number; in_trash?: boolean };
    const rows = [...store.pages.values()]
      .filter((page) => page.parent.type === 'data_source_id' && page.parent.data_source_id === source.id && page.shared && page.inTrash === (body.in_trash ?? false))
      .filter((page) => !body.filter || matches(page, body.filter));
    const { page, nextCursor } = paginate(rows, {}, body.start_cursor, body.page_size);
    return { status: 200, body: { object: 'list', results: page.map((row) => renderPage(store, row)), next_cursor: nextCursor, has_more: nextCursor !== null, type: 'page_or_data_source', page_or_data_source: {} } };
  });

  router.get('/v1/users/me', (request) => {
    const id = userId(request);
    return { status: 200, body: { object: 'user', id, name: request.user?.name ?? null, avatar_url: null, type: 'bot', bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Backspace' } } };
  });
}

/** The filters the adapter and tests use: text equals/contains, status/select equals, created_time on or after, and. */
function matches(page: PageRecord, filter: Filter): boolean {
  if (Array.isArray(filter.and)) return filter.and.every((part: Filter) => matches(page, part));
  if (Array.isArray(filter.or)) return filter.or.some((part: Filter) => matches(page, part));
  if (filter.timestamp === 'created_time') {
    const condition = filter.created_time as { on_or_after?: string };
    if (condition?.on_or_after) return Date.parse(page.createdTime) >= Date.parse(condition.on_or_after);
  }
  const value: StoredValue | undefined = page.properties[String(filter.property)];
  for (const kind of ['title', 'rich_text']) {
    const condition = filter[kind] as { equals?: string; contains?: string } | undefined;
    if (!condition) continue;
    const text = plainText(((value?.[kind] as StoredRichText[]) ?? []));
    if (condition.equals !== undefined) return text === condition.equals;
    if (condition.contains !== undefined) return text.includes(condition.contains);
  }
  for (const kind of ['status', 'select']) {
    const condition = filter[kind] as { equals?: string } | undefined;
    if (condition?.equals !== undefined) return (value?.[kind] as { name?: string } | null)?.name === condition.equals;
  }
  throw validationError(`body failed validation: the simulator does not support the filter ${JSON.stringify(filter)}.`);
}

/** A data source as Notion answers it. */
function renderDataSource(source: DataSourceRecord): Record<string, unknown> {
  const title = [{ type: 'text', text: { content: source.title, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' }, plain_text: source.title, href: null }];
  return {
    object: 'data_source', id: source.id, created_time: source.createdTime, last_edited_time: source.createdTime,
    created_by: { object: 'user', id: source.createdBy }, last_edited_by: { object: 'user', id: source.createdBy },
    title, description: [], icon: null, cover: null, properties: renderSchema(source.properties),
    parent: { type: 'database_id', database_id: source.databaseId }, database_parent: { type: 'page_id', page_id: source.parentPageId },
    url: `https://www.notion.so/${source.databaseId.replace(/-/g, '')}`, archived: false, in_trash: false, is_inline: true, public_url: null,
  };
}
