// Pages and comments as the API answers them.
import { PAGE_SCHEMA, renderProperties } from './properties.js';
import { renderRichText } from './rich-text.js';
import type { CommentRecord, NotionStore, PageRecord } from './store.js';

/**
 * A page's or block's times as the API gives them: Notion rounds `created_time` and `last_edited_time` of
 * pages, databases and blocks down to the minute (its changelog, "Last edited and created time properties
 * are now rounded to the nearest minute"); the records keep the exact time.
 */
export function toMinute(iso: string): string {
  return `${iso.slice(0, 16)}:00.000Z`;
}

export function schemaFor(store: NotionStore, page: PageRecord) {
  return page.parent.type === 'data_source_id' ? store.dataSources.get(page.parent.data_source_id)!.properties : PAGE_SCHEMA;
}

export function renderPage(store: NotionStore, page: PageRecord): Record<string, unknown> {
  return {
    object: 'page',
    id: page.id,
    created_time: toMinute(page.createdTime),
    last_edited_time: toMinute(page.lastEditedTime),
    created_by: { object: 'user', id: page.createdBy },
    last_edited_by: { object: 'user', id: page.lastEditedBy },
    cover: page.cover,
    icon: page.icon,
    parent: page.parent,
    archived: page.inTrash,
    in_trash: page.inTrash,
    is_locked: false,
    properties: renderProperties(schemaFor(store, page), page.properties),
    url: `https://www.notion.so/${page.id.replace(/-/g, '')}`,
    public_url: null,
  };
}

export function renderComment(comment: CommentRecord): Record<string, unknown> {
  return {
    object: 'comment',
    id: comment.id,
    parent: comment.parent,
    discussion_id: comment.discussionId,
    created_time: comment.createdTime,
    last_edited_time: comment.lastEditedTime,
    created_by: { object: 'user', id: comment.createdBy },
    rich_text: renderRichText(comment.richText),
    display_name: { type: 'integration', resolved_name: 'Backspace' },
  };
}

/** `{ object: "list", results, next_cursor, has_more }` over ids, with cursors that are item ids. */
export function paginate<T extends { id: string }>(items: T[], query: Readonly<Record<string, string>>, cursor?: string | null, size?: unknown): { page: T[]; nextCursor: string | null } {
  const pageSize = Math.min(100, Math.max(1, Number(size ?? query.page_size ?? 100) || 100));
  const start = cursor ?? query.start_cursor;
  let from = 0;
  if (start) {
    from = items.findIndex((item) => item.id === start);
    if (from < 0) from = items.length;
  }
  const page = items.slice(from, from + pageSize);
  return { page, nextCursor: items[from + pageSize]?.id ?? null };
}
