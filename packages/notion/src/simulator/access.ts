// Access as an integration sees it: objects in pages not shared with it do not exist for it.
import { objectNotFound, validationError } from './notion-errors.js';
import type { BlockRecord, DataSourceRecord, NotionStore, PageRecord } from './store.js';
import { normalizeId } from './store.js';

export function requirePage(store: NotionStore, rawId: string): PageRecord {
  const id = normalizeId(rawId);
  const page = store.pages.get(id);
  if (!page || !page.shared) throw objectNotFound('page', rawId);
  return page;
}

export function requireBlock(store: NotionStore, rawId: string): BlockRecord {
  const id = normalizeId(rawId);
  const block = store.blocks.get(id);
  if (!block || !store.pages.get(block.pageId)?.shared) throw objectNotFound('block', rawId);
  return block;
}

export function requireDataSource(store: NotionStore, rawId: string): DataSourceRecord {
  const id = normalizeId(rawId);
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
  const id = normalizeId(rawId);
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
