// Notion objects in snapshot form: the request form of their content (what a write would send back),
// without ids, times or derived fields, so a snapshot value can be compared and written as it is.
import type { Json } from '@backspace/core';

type Loose = Record<string, any>;

/** A block as an append request holds it: `{ type, [type]: content, children? }`. */
export interface BlockNode {
  type: string;
  [key: string]: Json;
}

/** Blocks that are pages or databases of their own: never erased, rebuilt or compared as content. */
export const CONTAINER_BLOCK_TYPES = new Set(['child_page', 'child_database']);

export function normalizeRichText(items: Loose[] | undefined): Json[] {
  return (items ?? []).map((item) => {
    const annotations = item.annotations ?? { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
    if (item.type === 'text') return { type: 'text', text: { content: item.text.content, link: item.text.link ? { url: item.text.link.url } : null }, annotations };
    return { type: item.type, [item.type]: item[item.type], annotations };
  }) as Json[];
}

/** The block's own content (no children, ids or times), in request form. */
export function blockContent(block: Loose): Loose {
  const { children: _children, ...content } = (block[block.type] ?? {}) as Loose;
  const normalized: Loose = { ...content };
  if (Array.isArray(content.rich_text)) normalized.rich_text = normalizeRichText(content.rich_text);
  if (Array.isArray(content.caption)) normalized.caption = normalizeRichText(content.caption);
  if (Array.isArray(content.cells)) normalized.cells = (content.cells as Loose[][]).map(normalizeRichText) as Json;
  // A file Notion hosts is answered with a url signed anew on every read and an expiry: the file is its url's path.
  if (content.type === 'file' && typeof content.file?.url === 'string') normalized.file = { url: content.file.url.split('?')[0] };
  return normalized;
}

export function toBlockNode(block: Loose, children?: BlockNode[]): BlockNode {
  const node: BlockNode = { type: block.type, [block.type]: blockContent(block) as Json };
  if (children && children.length > 0) node.children = children as unknown as Json;
  return node;
}

/** Page properties as writable values, keyed `prop:<name>`; computed ones (formula, rollup, ...) are left out. */
export function normalizeProperties(properties: Loose): Record<string, Json> {
  const fields: Record<string, Json> = {};
  for (const [name, property] of Object.entries(properties ?? {})) {
    const value = writableValue(property as Loose);
    if (value !== undefined) fields[`prop:${name}`] = value;
  }
  return fields;
}

/**
 * The names of the page's properties that hold a value (computed ones left out), sorted: a property a
 * data source gained since a snapshot shows up empty on every page, and only a value someone gave it
 * makes the list differ. A status always holds one (Notion gives new pages its first option).
 */
export function filledProperties(properties: Loose): string[] {
  return Object.entries(normalizeProperties(properties))
    .filter(([, value]) => !isEmptyValue(value))
    .map(([field]) => field.slice('prop:'.length))
    .sort();
}

/** A property value in snapshot form (`{ [type]: value }`) that holds nothing: null, no items, no text, unchecked. */
function isEmptyValue(value: Json): boolean {
  const [inner] = Object.values(value as Record<string, Json>);
  return inner === null || inner === undefined || inner === false || inner === '' || (Array.isArray(inner) && inner.length === 0);
}

function writableValue(property: Loose): Json | undefined {
  const raw = property[property.type];
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return { [property.type]: normalizeRichText(raw) };
    case 'select':
    case 'status':
      return { [property.type]: raw ? { name: raw.name } : null };
    case 'multi_select':
      return { multi_select: (raw ?? []).map((option: Loose) => ({ name: option.name })) };
    case 'date':
      return { date: raw ? { start: raw.start, end: raw.end ?? null } : null };
    case 'people':
    case 'relation':
      return { [property.type]: (raw ?? []).map((item: Loose) => ({ id: item.id })) };
    case 'checkbox':
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
      return { [property.type]: raw ?? null };
    default:
      return undefined;
  }
}

export function plainTitle(properties: Loose): string {
  const title = Object.values(properties ?? {}).find((property) => (property as Loose).type === 'title') as Loose | undefined;
  return (title?.title ?? []).map((item: Loose) => item.plain_text ?? item.text?.content ?? '').join('');
}

/** Text of a rich text request array, for matching an earlier write by its content. */
export function requestText(items: Loose[] | undefined): string {
  return (items ?? []).map((item) => item.text?.content ?? item.plain_text ?? '').join('');
}

/** JSON with object keys sorted, so equal content always compares and digests the same. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}
