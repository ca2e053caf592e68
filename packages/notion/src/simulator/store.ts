// The simulator's state: pages, blocks, data sources and comments, with ids, times and sharing.
import { createTimestamps, createUuids, type TimestampSource } from '@backspace/simulator-kit';
import type { Clock } from '@backspace/core';

export interface UserRef {
  object: 'user';
  id: string;
}

export type PageParent =
  | { type: 'page_id'; page_id: string }
  | { type: 'data_source_id'; data_source_id: string; database_id: string }
  | { type: 'workspace'; workspace: true };

/** A property value as stored: the request form, normalized (`{ select: { name } }`, `{ title: [...] }`). */
export type StoredValue = Record<string, unknown>;

export interface PageRecord {
  id: string;
  parent: PageParent;
  /** Keyed by property name. */
  properties: Record<string, StoredValue>;
  icon: unknown;
  cover: unknown;
  inTrash: boolean;
  /** Not shared with any integration: every API call answers object_not_found. */
  shared: boolean;
  children: string[];
  createdTime: string;
  createdBy: string;
  lastEditedTime: string;
  lastEditedBy: string;
}

export interface BlockRecord {
  id: string;
  type: string;
  /** The type's content without `children`, e.g. `{ rich_text, checked, color }`. */
  content: Record<string, unknown>;
  parent: { type: 'page_id'; page_id: string } | { type: 'block_id'; block_id: string };
  /** The page this block sits in, for access checks and the page's last edit. */
  pageId: string;
  children: string[];
  inTrash: boolean;
  createdTime: string;
  createdBy: string;
  lastEditedTime: string;
  lastEditedBy: string;
}

export interface PropertySchema {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
}

export interface DataSourceRecord {
  id: string;
  databaseId: string;
  parentPageId: string;
  title: string;
  properties: Record<string, PropertySchema>;
  createdTime: string;
  createdBy: string;
}

export interface CommentRecord {
  id: string;
  discussionId: string;
  parent: { type: 'page_id'; page_id: string } | { type: 'block_id'; block_id: string };
  pageId: string;
  richText: Record<string, unknown>[];
  createdTime: string;
  lastEditedTime: string;
  createdBy: string;
  deleted: boolean;
}

export interface NotionState {
  pages: Map<string, PageRecord>;
  blocks: Map<string, BlockRecord>;
  dataSources: Map<string, DataSourceRecord>;
  comments: Map<string, CommentRecord>;
}

export interface NotionStore extends NotionState {
  newId(): string;
  times: TimestampSource;
  /** Records an edit on a page (and the page a block sits in): last_edited_time and _by move. */
  touchPage(pageId: string, userId: string): void;
  touchBlock(block: BlockRecord, userId: string): void;
}

export function createNotionStore(clock: Clock): NotionStore {
  const times = createTimestamps(clock);
  const newId = createUuids(0x5eed);
  const state: NotionState = { pages: new Map(), blocks: new Map(), dataSources: new Map(), comments: new Map() };
  const touchPage = (pageId: string, userId: string) => {
    const page = state.pages.get(pageId);
    if (!page) return;
    page.lastEditedTime = times.nextIso();
    page.lastEditedBy = userId;
  };
  return {
    ...state,
    newId,
    times,
    touchPage,
    touchBlock(block, userId) {
      block.lastEditedTime = times.nextIso();
      block.lastEditedBy = userId;
      touchPage(block.pageId, userId);
    },
  };
}

/** Notion ids are accepted with or without dashes; the store keys them dashed. */
export function normalizeId(id: string): string {
  const bare = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(bare)) return id;
  return `${bare.slice(0, 8)}-${bare.slice(8, 12)}-${bare.slice(12, 16)}-${bare.slice(16, 20)}-${bare.slice(20)}`;
}
