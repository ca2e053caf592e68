// Resource history: every journaled state of one object over time, across sessions and rollbacks.
import { openData, type ContentProtection, type JournalEntry, type Snapshot } from '@backspace/core';
import { html, type Html } from '../html.js';
import { badge } from './badges.js';
import { json, resourceName, time } from './format.js';
import type { Naming } from './naming.js';

const STATE_OF: Partial<Record<string, 'pre' | 'post'>> = { 'action.intent': 'pre', 'action.committed': 'post' };

/** The state an entry journaled of its resource: before the write (an intent) or after it (a commit). */
export function journaledState(entry: JournalEntry, content: ContentProtection | null): { which: 'pre' | 'post' | undefined; state: Snapshot | null } {
  const which = STATE_OF[entry.type];
  if (!which) return { which, state: null };
  const data = openData(entry.data, entry.type, content) as Record<string, unknown> | null;
  return { which, state: (data?.[which] ?? null) as Snapshot | null };
}

/** The newest state the journal holds of a resource, to name it as people know it. */
export function latestState(entries: JournalEntry[], content: ContentProtection | null): Snapshot | null {
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const { state } = journaledState(entries[index]!, content);
    if (state) return state;
  }
  return null;
}

export function resourceBody(naming: Naming, key: string, entries: JournalEntry[], content: ContentProtection | null): Html {
  const rows = entries.map((entry) => ({ entry, ...journaledState(entry, content) }));
  return html`<p id="resource-name">${resourceName(naming, key, latestState(entries, content))}</p>
${rows.length === 0 ? html`<p>The journal holds nothing about this resource.</p>` : html`<table>
<thead><tr><th scope="col">when</th><th scope="col">entry</th><th scope="col">session</th><th scope="col">state</th></tr></thead>
<tbody>${rows.map(({ entry, which, state }) => html`<tr>
  <td>${time(entry.at)}</td>
  <td>${badge(entry.type.replace(/^action\./, '').replace(/^compensation\./, 'compensation '), entry.type)} <span class="mono">${entry.action ?? ''}</span></td>
  <td>${entry.sessionId ? html`<a class="mono" href="/sessions/${entry.sessionId}${entry.actionId ? `?action=${encodeURIComponent(entry.actionId)}#action-${entry.actionId}` : ''}">${entry.sessionId.slice(0, 8)}</a>` : html``} ${entry.agentId ?? ''}</td>
  <td>${which ? html`<span class="muted">${which === 'pre' ? 'before the write' : 'after the write'}</span>${json(state)}` : html``}</td>
</tr>`)}</tbody></table>`}`;
}

export function resourceSearch(key: string): Html {
  return html`<form method="get" action="/resources" role="search"><label>resource key <input type="search" name="key" value="${key}" size="50" placeholder="github.issue:octo/widgets#12"></label> <button type="submit">Show history</button></form>`;
}
