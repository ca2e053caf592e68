// Notion objects as people know them: a page by its title, a block by its type and first words, with a
// notion.so link when the adapter talks to Notion itself (a simulator's pages have no web address). A
// page's contents are named by the page's title from `lookupNames` where the operator's tool asked (names.ts).
import { quoted, type Json, type Names, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';

/** Whether objects behind this API root have notion.so addresses: Notion's own API, not a simulator. */
export function isNotionApi(baseUrl: string | undefined): boolean {
  return !baseUrl || /^https:\/\/api\.notion\.com\/?(v1\/?)?$/.test(baseUrl);
}

export function describeNotionResource(resource: ResourceRef, snapshot: Snapshot | null, appLinks: boolean, names: Names = new Map()): ResourceDescription {
  const link = appLinks ? { url: `https://www.notion.so/${resource.id.replace(/-/g, '')}` } : {};
  const title = names.get(resource.id);
  switch (resource.type) {
    case 'page':
      if (typeof snapshot?.title === 'string' && snapshot.title) return { label: `page ${quoted(snapshot.title)}`, ...link };
      return { label: title ? `page ${quoted(title)}` : `page ${resource.id}`, ...link };
    case 'children':
      return { label: `the contents of page ${title ? quoted(title) : resource.id}`, ...link };
    case 'block': {
      const kind = typeof snapshot?.type === 'string' ? snapshot.type.replace(/_/g, ' ') : 'block';
      const words = textIn(snapshot?.content ?? null);
      return { label: `${kind} block${words ? ` ${quoted(words)}` : ''} (${resource.id})` };
    }
    case 'comment':
      return { label: `comment ${resource.id}` };
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}

/** The text of a block's rich text, in order (its `text.content` pieces), for a short excerpt. */
function textIn(value: Json, found: string[] = []): string {
  if (found.join('').length > 80 || value === null || typeof value !== 'object') return found.join('');
  if (Array.isArray(value)) {
    for (const item of value) textIn(item, found);
    return found.join('');
  }
  const text = value.text as { content?: unknown } | undefined;
  if (text && typeof text === 'object' && typeof text.content === 'string') found.push(text.content);
  for (const [key, nested] of Object.entries(value)) if (key !== 'text' && key !== 'annotations') textIn(nested, found);
  return found.join('');
}
