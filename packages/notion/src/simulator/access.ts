// Access as an integration sees it: objects in pages not shared with it do not exist for it.
import { objectNotFound, validationError } from './notion-errors.js';
import type { BlockRecord, DataSourceRecord, NotionStore, PageRecord } from './store.js';
import { normalizeId } from './store.js';

/**
 * A Notion id in a body (`body.parent.page_id`) or path (`path.page_id`): 32 hex digits, dashes optional.
 * Anything else is Notion's 400 validation_error, before any lookup.
 */
export function requireUuid(value: unknown, where: string): string {
  if (typeof value === 'string' && /^[0-9a-f]{32}$/i.test(value.replace(/-/g, '')) && /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)) return normalizeId(value);
  const [source] = where.split('.');
  throw validationError(`${source} failed validation: ${where} should be a valid uuid, instead was \`${JSON.stringify(value)}\`.`);
}

export function requirePage(store: NotionStore, rawId: string, where = 'path.page_id'): PageRecord {
  const id = requireUuid(rawId, where);
  const page = store.pages.get(id);
  if (!page || !page.shared) throw objectNotFound('page', rawId);
  return page;
}

export function requireBlock(store: NotionStore, rawId: string, where = 'path.block_id'): BlockRecord {
  const id = requireUuid(rawId, where);
  const block = store.blocks.get(id);
  if (!block || !store.pages.get(block.pageId)?.shared) throw objectNotFound('block', rawId);
  return block;
}

export function requireDataSource(store: NotionStore, rawId: string, where = 'path.data_source_id'): DataSourceRecord {
  const id = requireUuid(rawId, where);
  const dataSource = store.dataSources.get(id);
  if (!dataSource || !store.pages.get(dataSource.parentPageId)?.shared) throw objectNotFound('data_source', rawId);
  return dataSource;
}

/** A page or a block that can hold children, addressed by the blocks endpoints. */
export interface ContainerRef {
  kind: 'page' | 'block';
  id: string;
  pageId: string;
  children: string[];
  inTrash: boolean;
  type: string;
}

export function requireContainer(store: NotionStore, rawId: string): ContainerRef {
  const id = requireUuid(rawId, 'path.block_id');
  const page = store.pages.get(id);
  if (page) {
    if (!page.shared) throw objectNotFound('block', rawId);
    return { kind: 'page', id, pageId: id, children: page.children, inTrash: page.inTrash, type: 'child_page' };
  }
  const block = requireBlock(store, rawId);
  return { kind: 'block', id: block.id, pageId: block.pageId, children: block.children, inTrash: block.inTrash, type: block.type };
}

export function refuseArchived(inTrash: boolean, kind: 'block' | 'page'): void {
  if (inTrash) throw validationError(`Can't edit ${kind} that is archived. You must unarchive the ${kind} before editing.`);
}
