// Notion ids in one form. The API takes an id with or without dashes, in any case, as the same object;
// the journal and the rollback must too, so every resource the adapter names uses the dashed lowercase form.
import { resourceKey, type ResourceRef } from '@backspace/core';

export function canonicalId(id: string): string {
  const bare = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(bare)) return id;
  return `${bare.slice(0, 8)}-${bare.slice(8, 12)}-${bare.slice(12, 16)}-${bare.slice(16, 20)}-${bare.slice(20)}`;
}

export type NotionResourceType = 'page' | 'block' | 'children' | 'comment';

/** A Notion resource with its id in canonical form. */
export function notionRef(type: NotionResourceType, id: string): ResourceRef {
  return { provider: 'notion', type, id: canonicalId(id) };
}

/** `resourceKey()` of a Notion resource, canonical: the form `contents` lists items in. */
export function notionKey(type: NotionResourceType, id: string): string {
  return resourceKey(notionRef(type, id));
}
