// Reading what agents did: the session list, a session's timeline, a resource's history.
import type { Hono } from 'hono';
import { BackspaceError, listSessionPage, sessionTimeline, type JournalEntry, type SessionListing } from '@backspace/core';
import type { Center } from '../center.js';
import { blockedBecause } from '../integrity.js';
import { withSessionControls } from '../session-controls.js';
import { page } from '../views/layout.js';
import { resourceBody, resourceSearch } from '../views/resource-page.js';
import { namingFor } from '../views/naming.js';
import { sessionBody } from '../views/session-page.js';
import { timelinePage } from '../views/timeline-pages.js';
import { sessionsBody, toSessionQuery, type ListFilters } from '../views/sessions-page.js';
import { html } from '../html.js';

export const SESSIONS_PER_PAGE = 50;

export function sessionRoutes(app: Hono, center: Center): void {
  const journal = center.runtime.journal;
  const content = center.options.content ?? null;
  const providers = [...new Set((center.options.namingAdapters ?? []).map((adapter) => adapter.provider))].sort();

  app.get('/', async (c) => {
    const filters: ListFilters = {};
    for (const name of ['agent', 'since', 'until', 'status', 'provider', 'conflicts'] as const) {
      const value = c.req.query(name);
      if (value) filters[name] = value;
    }
    const before = c.req.query('before') || undefined;
    const listed = await listSessionPage(journal, toSessionQuery(filters, before, SESSIONS_PER_PAGE));
    return c.html(await page(center, 'Agent sessions', sessionsBody(listed, filters, providers, before)));
  });

  app.get('/sessions/:id', async (c) => {
    const sessionId = c.req.param('id');
    const entries = await sessionEntriesOrThrow(center, sessionId);
    const integrity = await center.integrity.current();
    const controls = await withSessionControls(journal, entries);
    const items = sessionTimeline(controls.entries, content);
    const shown = timelinePage(items, { page: c.req.query('page'), action: c.req.query('action') });
    // Names for this page's resources only: a later page asks for its own.
    const naming = await namingFor(center, { resources: shown.items.map((item) => (item.kind === 'action' ? item.resource : null)) });
    const body = sessionBody(center, naming, { sessionId, summary: summaryOf(entries), items, shown, blocked: blockedBecause(integrity.report), scopes: controls.scopes });
    return c.html(await page(center, `Session ${sessionId.slice(0, 8)}`, body));
  });

  app.get('/resources', async (c) => {
    const key = c.req.query('key') ?? '';
    const body = key ? html`${resourceSearch(key)}${resourceBody(await namingFor(center, { resources: [key] }), key, await journal.resourceEntries(key), content)}` : resourceSearch('');
    return c.html(await page(center, key ? `History of ${key}` : 'Resource history', body));
  });
}

export async function sessionEntriesOrThrow(center: Center, sessionId: string): Promise<JournalEntry[]> {
  const entries = await center.runtime.journal.sessionEntries(sessionId);
  if (!entries.some((entry) => entry.type === 'session.started')) throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`, { details: { sessionId } });
  return entries;
}

/** The session's summary from its own entries (no second query). */
export function summaryOf(entries: JournalEntry[]): SessionListing | null {
  const started = entries.find((entry) => entry.type === 'session.started');
  if (!started) return null;
  const ended = entries.find((entry) => entry.type === 'session.ended');
  const rolledBack = entries.some((entry) => entry.type === 'rollback.finished');
  const committed = entries.filter((entry) => entry.type === 'action.committed');
  const reason = (started.data as { reason?: unknown } | null)?.reason;
  return {
    id: started.sessionId!,
    agentId: started.agentId ?? 'unknown',
    reason: typeof reason === 'string' ? reason : null,
    correlationId: started.correlationId,
    startedAt: started.at,
    endedAt: ended?.at ?? null,
    actions: committed.length,
    status: rolledBack ? 'rolled-back' : ended ? 'ended' : 'running',
    providers: [...new Set(committed.map((entry) => (entry.action ?? '').split('.')[0]!))].sort(),
    conflicts: 0,
  };
}
