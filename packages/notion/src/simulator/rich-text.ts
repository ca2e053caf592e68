// Rich text: validated as Notion validates it, stored normalized, rendered with plain_text and href.
import { validationError } from './notion-errors.js';

const ANNOTATION_DEFAULTS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
const MAX_TEXT_LENGTH = 2000;
const MAX_ITEMS = 100;

export type StoredRichText = Record<string, unknown>;

/** Checks a request's rich text array at `path` and returns it in stored form. */
export function parseRichText(value: unknown, path: string): StoredRichText[] {
  if (!Array.isArray(value)) throw validationError(`body failed validation: ${path} should be an array, instead was \`${JSON.stringify(value)}\`.`);
  if (value.length > MAX_ITEMS) throw validationError(`body failed validation: ${path}.length should be ≤ \`${MAX_ITEMS}\`, instead was \`${value.length}\`.`);
  return value.map((item, index) => parseItem(item, `${path}[${index}]`));
}

function parseItem(item: unknown, path: string): StoredRichText {
  if (!item || typeof item !== 'object') throw validationError(`body failed validation: ${path} should be an object.`);
  const record = item as Record<string, unknown>;
  const annotations = { ...ANNOTATION_DEFAULTS, ...(record.annotations as object | undefined) };
  if (record.type === 'mention' || record.mention) return { type: 'mention', mention: record.mention, annotations };
  if (record.type === 'equation' || record.equation) return { type: 'equation', equation: record.equation, annotations };
  const text = record.text as { content?: unknown; link?: { url?: unknown } | null } | undefined;
  if (!text || typeof text.content !== 'string') throw validationError(`body failed validation: ${path}.text.content should be defined, instead was \`undefined\`.`);
  if (text.content.length > MAX_TEXT_LENGTH) throw validationError(`body failed validation: ${path}.text.content.length should be ≤ \`${MAX_TEXT_LENGTH}\`, instead was \`${text.content.length}\`.`);
  const link = text.link && typeof text.link.url === 'string' ? { url: text.link.url } : null;
  return { type: 'text', text: { content: text.content, link }, annotations };
}

export function renderRichText(items: StoredRichText[]): Record<string, unknown>[] {
  return items.map((item) => {
    if (item.type === 'text') {
      const text = item.text as { content: string; link: { url: string } | null };
      return { ...item, plain_text: text.content, href: text.link?.url ?? null };
    }
    if (item.type === 'equation') return { ...item, plain_text: String((item.equation as { expression?: string })?.expression ?? ''), href: null };
    return { ...item, plain_text: '', href: null };
  });
}

export function plainText(items: StoredRichText[]): string {
  return items.map((item) => ((item.text as { content?: string } | undefined)?.content ?? '')).join('');
}
