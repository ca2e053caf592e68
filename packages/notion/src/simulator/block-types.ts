// The block types real pages hold, with the content keys each takes and how the special ones (files,
// table rows, synced blocks) are checked, stored and answered.
import { randomBytes } from 'node:crypto';
import { requireUuid } from './access.js';
import { validationError } from './notion-errors.js';
import { parseRichText, renderRichText, type StoredRichText } from './rich-text.js';

const TEXT_KEYS = ['rich_text', 'color'];
const FILE_KEYS = ['caption', 'type', 'external', 'file_upload', 'name'];

/** Supported block types and the content keys each accepts. */
export const BLOCK_TYPES: Record<string, string[]> = {
  paragraph: TEXT_KEYS,
  bulleted_list_item: TEXT_KEYS,
  numbered_list_item: TEXT_KEYS,
  toggle: TEXT_KEYS,
  quote: TEXT_KEYS,
  heading_1: [...TEXT_KEYS, 'is_toggleable'],
  heading_2: [...TEXT_KEYS, 'is_toggleable'],
  heading_3: [...TEXT_KEYS, 'is_toggleable'],
  to_do: [...TEXT_KEYS, 'checked'],
  callout: [...TEXT_KEYS, 'icon'],
  code: ['rich_text', 'language', 'caption'],
  divider: [],
  image: FILE_KEYS,
  file: FILE_KEYS,
  pdf: FILE_KEYS,
  video: FILE_KEYS,
  audio: FILE_KEYS,
  bookmark: ['url', 'caption'],
  embed: ['url', 'caption'],
  table: ['table_width', 'has_column_header', 'has_row_header'],
  table_row: ['cells'],
  column_list: [],
  column: ['width_ratio'],
  synced_block: ['synced_from'],
};

/** Types that never hold children. */
export const CHILDLESS = new Set(['divider', 'code', 'image', 'file', 'pdf', 'video', 'audio', 'bookmark', 'embed', 'table_row']);
/** Types whose children must be of one type, and must be given when the block is created. */
export const REQUIRED_CHILDREN: Record<string, string> = { table: 'table_row', column_list: 'column' };

/** Content keys with their own shapes; returns the stored value, or undefined when the key is ordinary. */
export function parseSpecialKey(type: string, key: string, value: unknown, path: string): { value: unknown } | undefined {
  if (key === 'cells') {
    if (!Array.isArray(value)) throw validationError(`body failed validation: ${path} should be an array, instead was \`${JSON.stringify(value)}\`.`);
    return { value: value.map((cell, index) => parseRichText(cell, `${path}[${index}]`)) };
  }
  if (key === 'synced_from') {
    if (value === null) return { value: null };
    const blockId = (value as { block_id?: unknown } | undefined)?.block_id;
    return { value: { type: 'block_id', block_id: requireUuid(blockId, `${path}.block_id`) } };
  }
  if (FILE_KEYS.includes(key) && key !== 'caption' && key !== 'name' && BLOCK_TYPES[type] === FILE_KEYS) return { value };
  return undefined;
}

/**
 * A file block's source as Notion keeps it: an external url, or an uploaded file (`file_upload` in a
 * request) that Notion hosts and answers as `type: "file"`.
 */
export function storeFileSource(content: Record<string, unknown>, path: string): void {
  const { type: _type, external, file_upload: upload, ...rest } = content;
  if (external !== undefined) {
    const url = (external as { url?: unknown }).url;
    if (typeof url !== 'string') throw validationError(`body failed validation: ${path}.external.url should be a string, instead was \`${JSON.stringify(url)}\`.`);
    Object.assign(rest, { type: 'external', external: { url } });
  } else if (upload !== undefined) {
    const id = requireUuid((upload as { id?: unknown }).id, `${path}.file_upload.id`);
    Object.assign(rest, { type: 'file', file: { url: `https://prod-files-secure.s3.us-west-2.amazonaws.com/backspace/${id}/upload` } });
  } else if (!('file' in content)) {
    throw validationError(`body failed validation: ${path} should have an external url or a file_upload id.`);
  } else {
    Object.assign(rest, { type: 'file', file: content.file });
  }
  for (const key of Object.keys(content)) delete content[key];
  Object.assign(content, rest);
}

/** The content as Notion answers it: rich text rendered, and a hosted file's url signed anew on every read, valid for an hour. */
export function renderContent(stored: Record<string, unknown>, now: number): Record<string, unknown> {
  const content = { ...stored };
  if (Array.isArray(content.rich_text)) content.rich_text = renderRichText(content.rich_text as StoredRichText[]);
  if (Array.isArray(content.caption)) content.caption = renderRichText(content.caption as StoredRichText[]);
  if (Array.isArray(content.cells)) content.cells = (content.cells as StoredRichText[][]).map(renderRichText);
  if (content.type === 'file' && content.file) {
    const { url } = content.file as { url: string };
    content.file = { url: `${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${randomBytes(16).toString('hex')}`, expiry_time: new Date(now + 3_600_000).toISOString() };
  }
  return content;
}
