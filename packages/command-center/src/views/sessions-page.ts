// The session list: newest first, filtered, paged; each session with its status and providers in words.
import type { SessionListing, SessionPage, SessionQuery } from '@backspace/core';
import { html, query, type Html } from '../html.js';
import { badge } from './badges.js';
import { isoFromInput, time } from './format.js';

export interface ListFilters {
  agent?: string;
  since?: string;
  until?: string;
  status?: string;
  provider?: string;
  conflicts?: string;
}

export function sessionsBody(page: SessionPage, filters: ListFilters, providers: string[], before: string | undefined): Html {
  const rows = page.sessions.map(sessionRow);
  return html`
<form class="filters" method="get" action="/" role="search" aria-label="Filter sessions">
  <label>agent <input type="search" name="agent" value="${filters.agent ?? ''}"></label>
  <label>started from <input type="datetime-local" name="since" value="${filters.since ?? ''}"></label>
  <label>started before <input type="datetime-local" name="until" value="${filters.until ?? ''}"></label>
  <label>status ${select('status', ['running', 'ended', 'rolled-back'], filters.status)}</label>
  <label>provider ${select('provider', providers, filters.provider)}</label>
  <label>conflicts ${select('conflicts', ['yes', 'no'], filters.conflicts, { yes: 'left by a rollback', no: 'none' })}</label>
  <button type="submit">Filter</button> <a class="button" href="/">Clear</a>
</form>
${page.sessions.length === 0
    ? html`<p>No session matches.</p>`
    : html`<table>
  <caption class="muted">Newest first${before ? ', older page' : ''}</caption>
  <thead><tr><th scope="col">session</th><th scope="col">agent</th><th scope="col">started</th><th scope="col">status</th><th scope="col">actions</th><th scope="col">providers</th><th scope="col">why</th></tr></thead>
  <tbody>${rows}</tbody>
</table>`}
<nav class="pager" aria-label="Pages">
  ${before ? html`<a href="/${query({ ...filters })}">← Newest</a>` : html``}
  ${page.next ? html`<a href="/${query({ ...filters, before: page.next })}" rel="next">Older →</a>` : html``}
</nav>`;
}

function sessionRow(session: SessionListing): Html {
  const conflicts = session.conflicts > 0 ? html` ${badge('conflict', `${session.conflicts} conflict${session.conflicts === 1 ? '' : 's'} left`)}` : html``;
  return html`<tr>
  <td><a class="mono" href="/sessions/${session.id}">${session.id.slice(0, 8)}</a></td>
  <td>${session.agentId}</td>
  <td>${time(session.startedAt)}</td>
  <td>${badge(session.status)}${conflicts}</td>
  <td>${session.actions}</td>
  <td>${session.providers.join(', ')}</td>
  <td>${session.reason ?? ''}</td>
</tr>`;
}

function select(name: string, values: string[], chosen: string | undefined, labels: Record<string, string> = {}): Html {
  return html`<select name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}" ${value === chosen ? html`selected` : html``}>${labels[value] ?? value}</option>`)}</select>`;
}

/** The page's filters as the journal's session query; a datetime-local value is read as UTC. */
export function toSessionQuery(filters: ListFilters, before: string | undefined, limit: number): SessionQuery {
  const iso = (value: string | undefined) => (value ? isoFromInput(value) : undefined);
  const since = iso(filters.since);
  const until = iso(filters.until);
  return {
    limit,
    ...(filters.agent ? { agentId: filters.agent } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(filters.status ? { status: filters.status as SessionQuery['status'] } : {}),
    ...(filters.provider ? { provider: filters.provider } : {}),
    ...(filters.conflicts ? { hasConflicts: filters.conflicts === 'yes' } : {}),
    ...(before ? { before } : {}),
  };
}
