// A session's timeline a page at a time: a session of thousands of actions would be a page no browser
// or person reads whole. Pages are in the timeline's order (oldest first), with links to the others.
import type { TimelineItem } from '@backspace/core';
import { html, query, type Html } from '../html.js';

/** Timeline items (actions and the events between them) on one page. */
export const TIMELINE_PER_PAGE = 100;

export interface TimelinePage {
  items: TimelineItem[];
  /** 1-based. */
  page: number;
  pages: number;
  /** The 1-based position of the page's first item in the whole timeline. */
  first: number;
  total: number;
}

/**
 * The page asked for (`page`, 1-based; out of range is the nearest), or the page holding `action` (a
 * link from a resource's history to one action): the action is on the page it lands on.
 */
export function timelinePage(items: TimelineItem[], asked: { page?: string | undefined; action?: string | undefined }, perPage = TIMELINE_PER_PAGE): TimelinePage {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const holding = asked.action ? items.findIndex((item) => item.kind === 'action' && item.actionId === asked.action) : -1;
  const requested = holding >= 0 ? Math.floor(holding / perPage) + 1 : Number.parseInt(asked.page ?? '1', 10);
  const page = Math.min(pages, Math.max(1, Number.isFinite(requested) ? requested : 1));
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), page, pages, first: start + 1, total: items.length };
}

/** Earlier and later pages (and the first and last), by links a keyboard reaches like any other. */
export function timelinePager(sessionId: string, shown: TimelinePage): Html {
  if (shown.pages <= 1) return html``;
  const link = (page: number) => `/sessions/${encodeURIComponent(sessionId)}${query({ page })}#timeline`;
  const last = shown.first + shown.items.length - 1;
  return html`<nav class="pager" aria-label="Timeline pages">
  ${shown.page > 1 ? html`<a href="${link(1)}">« First</a> <a href="${link(shown.page - 1)}" rel="prev">← Earlier</a>` : html``}
  <span>Page ${shown.page} of ${shown.pages}: items ${shown.first}–${last} of ${shown.total}</span>
  ${shown.page < shown.pages ? html`<a href="${link(shown.page + 1)}" rel="next">Later →</a> <a href="${link(shown.pages)}">Last »</a>` : html``}
</nav>`;
}
