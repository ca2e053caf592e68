// Resource history: every journaled state of one object over time, across sessions and rollbacks.
import { openData, type Adapter, type ContentProtection, type JournalEntry, type Snapshot } from '@backspace/core';
import { html, type Html } from '../html.js';
import { badge } from './badges.js';
import { json, resourceName, time } from './format.js';

const STATE_OF: Partial<Record<string, 'pre' | 'post'>> = { 'action.intent': 'pre', 'action.committed': 'post' };

export function resourceBody(adapters: readonly Adapter[], key: string, entries: JournalEntry[], content: ContentProtection | null): Html {
  const rows = entries.map((entry) => {
    const data = openData(entry.data, entry.type, content) as Record<string, unknown> | null;
    const which = STATE_OF[entry.type];
    const state = which ? ((data?.[which] ?? null) as Snapshot | null) : null;
    return { entry, which, state };
  });
  const latest = [...rows].reverse().find((row) => row.state)?.state ?? null;
  return html`<p>${resourceName(adapters, key, latest)}</p>
${rows.length === 0 ? html`<p>The journal holds nothing about this resource.</p>` : html`<table>
<thead><tr><th scope="col">when</th><th scope="col">entry</th><th scope="col">session</th><th scope="col">state</th></tr></thead>
<tbody>${rows.map(({ entry, which, state }) => html`<tr>
  <td>${time(entry.at)}</td>
  <td>${badge(entry.type.replace(/^action\./, '').replace(/^compensation\./, 'compensation '), entry.type)} <span class="mono">${entry.action ?? ''}</span></td>
  <td>${entry.sessionId ? html`<a class="mono" href="/sessions/${entry.sessionId}#action-${entry.actionId ?? ''}">${entry.sessionId.slice(0, 8)}</a>` : html``} ${entry.agentId ?? ''}</td>
  <td>${which ? html`<span class="muted">${which === 'pre' ? 'before the write' : 'after the write'}</span>${json(state)}` : html``}</td>
</tr>`)}</tbody></table>`}`;
}

export function resourceSearch(key: string): Html {
  return html`<form method="get" action="/resources" role="search"><label>resource key <input type="search" name="key" value="${key}" size="50" placeholder="github.issue:octo/widgets#12"></label> <button type="submit">Show history</button></form>`;
}
