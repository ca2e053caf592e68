// Blocks: request validation with Notion's limits (100 per array, two levels of nesting, 1000 per
// request), storage as a tree of records, and rendering as Notion answers them.
import { BLOCK_TYPES, CHILDLESS, parseSpecialKey, renderContent, REQUIRED_CHILDREN, storeFileSource } from './block-types.js';
import { validationError } from './notion-errors.js';
import { parseRichText } from './rich-text.js';
import { toMinute } from './render-page.js';

export { BLOCK_TYPES, CHILDLESS } from './block-types.js';
import type { BlockRecord, NotionStore } from './store.js';

export const MAX_CHILDREN = 100;
const MAX_BLOCKS_PER_REQUEST = 1000;

export interface ParsedBlock {
  type: string;
  content: Record<string, unknown>;
  children: ParsedBlock[];
}

/** Checks `body.children` of an append and returns the tree to create. */
export function parseChildren(children: unknown): ParsedBlock[] {
  const counter = { blocks: 0 };
  const parsed = parseArray(children, 'body.children', 1, counter);
  if (counter.blocks > MAX_BLOCKS_PER_REQUEST) throw validationError(`body failed validation: a request can hold at most ${MAX_BLOCKS_PER_REQUEST} blocks, instead was \`${counter.blocks}\`.`);
  return parsed;
}

function parseArray(value: unknown, path: string, level: number, counter: { blocks: number }): ParsedBlock[] {
  if (!Array.isArray(value)) throw validationError(`body failed validation: ${path} should be an array, instead was \`${JSON.stringify(value)}\`.`);
  if (value.length > MAX_CHILDREN) throw validationError(`body failed validation: ${path}.length should be ≤ \`${MAX_CHILDREN}\`, instead was \`${value.length}\`.`);
  return value.map((item, index) => parseBlock(item, `${path}[${index}]`, level, counter));
}

function parseBlock(value: unknown, path: string, level: number, counter: { blocks: number }): ParsedBlock {
  counter.blocks += 1;
  const record = (value ?? {}) as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : Object.keys(record).find((key) => key in BLOCK_TYPES);
  if (!type || !(type in BLOCK_TYPES) || !record[type] || typeof record[type] !== 'object') {
    throw validationError(`body failed validation: ${path} should be a block object of a supported type (${Object.keys(BLOCK_TYPES).join(', ')}), instead was \`${JSON.stringify(value)}\`.`);
  }
  const { children, ...rest } = record[type] as Record<string, unknown>;
  const content = parseContent(type, rest, `${path}.${type}`);
  const required = REQUIRED_CHILDREN[type];
  if (required && (!Array.isArray(children) || children.length === 0)) throw validationError(`body failed validation: ${path}.${type}.children should be defined: a ${type} is created with its ${required} blocks.`);
  if (type === 'synced_block' && content.synced_from !== null && children !== undefined) throw validationError(`body failed validation: ${path}.synced_block.children should be not present: a duplicate synced block shows its original's children.`);
  if (children === undefined) return { type, content, children: [] };
  if (CHILDLESS.has(type)) throw validationError(`body failed validation: ${path}.${type}.children should be not present: a ${type} block cannot have children.`);
  // Notion takes two levels of nesting in one request; deeper children go in a later request.
  if (level > 2) throw validationError(`body failed validation: ${path}.${type}.children should be not present, instead was \`${JSON.stringify(children).slice(0, 60)}\`.`);
  const parsed = parseArray(children, `${path}.${type}.children`, level + 1, counter);
  const wrong = required ? parsed.findIndex((child) => child.type !== required) : -1;
  if (wrong >= 0) throw validationError(`body failed validation: ${path}.${type}.children[${wrong}] should be a ${required} block, instead was \`${parsed[wrong]!.type}\`.`);
  return { type, content, children: parsed };
}

/** Checks a block type's content (for appends and updates) and returns it normalized. */
export function parseContent(type: string, content: Record<string, unknown>, path: string, previous?: Record<string, unknown>): Record<string, unknown> {
  const allowed = BLOCK_TYPES[type]!;
  const parsed: Record<string, unknown> = previous ? { ...previous } : defaults(type);
  for (const [key, value] of Object.entries(content)) {
    if (!allowed.includes(key)) throw validationError(`body failed validation: ${path}.${key} should be not present.`);
    const special = parseSpecialKey(type, key, value, `${path}.${key}`);
    if (special) parsed[key] = special.value;
    else if (key === 'rich_text' || key === 'caption') parsed[key] = parseRichText(value, `${path}.${key}`);
    else if ((key === 'checked' || key === 'is_toggleable') && typeof value !== 'boolean') throw validationError(`body failed validation: ${path}.${key} should be a boolean, instead was \`${JSON.stringify(value)}\`.`);
    else if ((key === 'color' || key === 'language') && typeof value !== 'string') throw validationError(`body failed validation: ${path}.${key} should be a string, instead was \`${JSON.stringify(value)}\`.`);
    else parsed[key] = value;
  }
  if (allowed.includes('file_upload') && ('external' in content || 'file_upload' in content || !previous)) storeFileSource(parsed, path);
  return parsed;
}

function defaults(type: string): Record<string, unknown> {
  const allowed = BLOCK_TYPES[type]!;
  const content: Record<string, unknown> = {};
  if (allowed.includes('rich_text')) content.rich_text = [];
  if (allowed.includes('color')) content.color = 'default';
  if (allowed.includes('checked')) content.checked = false;
  if (allowed.includes('is_toggleable')) content.is_toggleable = false;
  if (type === 'code') Object.assign(content, { caption: [], language: 'plain text' });
  if (allowed.includes('caption') && type !== 'code') content.caption = [];
  if (type === 'table') Object.assign(content, { has_column_header: false, has_row_header: false });
  if (type === 'synced_block') content.synced_from = null;
  return content;
}

/** Creates the parsed blocks under a page or a block: at the end, at the start, or after a child. */
export function insertBlocks(store: NotionStore, parent: { kind: 'page' | 'block'; id: string; pageId: string; children: string[] }, blocks: ParsedBlock[], userId: string, place: { after?: string; start?: boolean } = {}): BlockRecord[] {
  const created = blocks.map((block) => createRecord(store, block, parent.kind === 'page' ? { type: 'page_id', page_id: parent.id } : { type: 'block_id', block_id: parent.id }, parent.pageId, userId));
  const ids = created.map((block) => block.id);
  const at = place.start ? 0 : place.after ? parent.children.indexOf(place.after) + 1 : parent.children.length;
  parent.children.splice(at, 0, ...ids);
  return created;
}

function createRecord(store: NotionStore, block: ParsedBlock, parent: BlockRecord['parent'], pageId: string, userId: string): BlockRecord {
  const now = store.times.nextIso();
  const record: BlockRecord = { id: store.newId(), type: block.type, content: block.content, parent, pageId, children: [], inTrash: false, createdTime: now, createdBy: userId, lastEditedTime: now, lastEditedBy: userId };
  store.blocks.set(record.id, record);
  record.children = block.children.map((child) => createRecord(store, child, { type: 'block_id', block_id: record.id }, pageId, userId).id);
  return record;
}

export function liveChildren(store: NotionStore, ids: string[]): BlockRecord[] {
  return ids.map((id) => store.blocks.get(id)).filter((block): block is BlockRecord => !!block && !block.inTrash);
}

export function renderBlock(store: NotionStore, block: BlockRecord): Record<string, unknown> {
  const content = renderContent(block.content, store.times.nextMs());
  return {
    object: 'block',
    id: block.id,
    parent: block.parent,
    created_time: toMinute(block.createdTime),
    last_edited_time: toMinute(block.lastEditedTime),
    created_by: { object: 'user', id: block.createdBy },
    last_edited_by: { object: 'user', id: block.lastEditedBy },
    has_children: liveChildren(store, block.children).length > 0,
    archived: block.inTrash,
    in_trash: block.inTrash,
    type: block.type,
    [block.type]: content,
  };
}
