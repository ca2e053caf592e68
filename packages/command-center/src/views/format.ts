// Small pieces the pages share: times, resource names with their links, JSON shown safely.
import { BackspaceError, describeResource, withResourceNames, type Json, type Snapshot } from '@backspace/core';
import { isCalendarTime } from '../calendar.js';
import { html, type Html } from '../html.js';
import type { Naming } from './naming.js';

export function time(iso: string | null): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

/**
 * A resource as people know it (with the names looked up for the page), linked to the provider's app
 * where the adapter gives an http(s) link, and to its history here.
 */
export function resourceName(naming: Naming, key: string | null, snapshot: Snapshot | null = null): Html {
  if (!key) return html`<span class="muted">no resource</span>`;
  const described = describeResource(naming.adapters, key, snapshot, naming.names);
  const history = html`<a href="/resources?key=${encodeURIComponent(key)}" title="every journaled state of ${key}">${described?.label ?? key}</a>`;
  const external = described?.url && /^https?:\/\//.test(described.url) ? html` <a href="${described.url}" rel="noreferrer noopener" target="_blank">open at the provider ↗</a>` : html``;
  return html`${history}${external}${described ? html` <span class="muted mono">${key}</span>` : html``}`;
}

/**
 * A line the engine wrote (a reason, a residue line) with the resource keys it mentions put by their
 * names, for the resources the page knows a state of (`states`: by resource key).
 */
export function namedLine(naming: Naming, line: string, states: ReadonlyMap<string, Snapshot | null>): string {
  const labels = new Map<string, string>();
  for (const [key, snapshot] of states) {
    const label = describeResource(naming.adapters, key, snapshot, naming.names)?.label;
    if (label) labels.set(key, label);
  }
  return withResourceNames(line, labels);
}

export function json(value: Json | undefined | null): Html {
  if (value === undefined || value === null) return html`<span class="muted">none</span>`;
  return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
}

/** A value in a diff cell: strings as they are, the rest as JSON. */
export function cell(value: Json | undefined): Html {
  if (value === undefined) return html`<span class="muted">absent</span>`;
  return html`<span class="mono">${typeof value === 'string' ? value : JSON.stringify(value)}</span>`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A time from a form (a datetime-local value is read as UTC) as ISO; anything else is `invalid_input`.
 * Only ISO forms, each part one the calendar has: Date alone reads "1" as the year 2001 and rolls
 * 2026-02-30 over to 2 March, and an incident's window must be the one the operator typed.
 */
export function isoFromInput(value: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?(Z|[+-]\d\d:\d\d)?$/.exec(value);
  const at = parts ? new Date(parts[7] ? value : `${value}${parts[4] === undefined ? 'T00:00' : ''}Z`) : null;
  if (!parts || !at || Number.isNaN(at.getTime()) || !isCalendarTime(parts.slice(1, 7).map((part) => Number(part ?? 0)))) {
    throw new BackspaceError('invalid_input', `not a time: ${JSON.stringify(value)} (give it as 2026-03-01T09:30, read as UTC, or with its zone: 2026-03-01T09:30+01:00)`);
  }
  return at.toISOString();
}
