// A Notion link as the resource it names: a page (`notion.so/Title-<32 hex>`), or a block on it when the
// link carries its anchor (`#<32 hex>`).
import type { ResourceRef } from '@backspace/core';
import { notionRef } from './ids.js';

export function notionResourceFromUrl(url: string): ResourceRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const block = /^#([0-9a-f]{32})$/i.exec(parsed.hash);
  if (block) return notionRef('block', block[1]!);
  const page = /([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(parsed.pathname);
  return page ? notionRef('page', page[1]!) : null;
}
