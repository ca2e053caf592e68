// Incident rollback: every session of some agents in a time window, or sharing a correlation id, as one.
import type { IncidentScope } from '@backspace/core';
import { html, type Html } from '../html.js';
import { isoFromInput } from './format.js';

export interface IncidentFields {
  /** Agent ids, comma-separated. */
  agents: string;
  correlation: string;
  since: string;
  until: string;
}

export function incidentForm(fields: IncidentFields): Html {
  return html`<form method="get" action="/incident" class="filters" aria-label="Which sessions the incident takes in">
  <label>agents (comma-separated) <input type="text" name="agents" value="${fields.agents}"></label>
  <label>or correlation id <input type="text" name="correlation" value="${fields.correlation}"></label>
  <label>started from (UTC) <input type="datetime-local" name="since" value="${fields.since}"></label>
  <label>started before (UTC) <input type="datetime-local" name="until" value="${fields.until}"></label>
  <button type="submit">Plan the incident</button>
</form>`;
}

export function incidentScopeOf(fields: IncidentFields): IncidentScope {
  const agents = fields.agents.split(',').map((agent) => agent.trim()).filter(Boolean);
  return {
    ...(agents.length ? { agents } : {}),
    ...(fields.correlation ? { correlationId: fields.correlation.trim() } : {}),
    ...(fields.since ? { since: isoFromInput(fields.since) } : {}),
    ...(fields.until ? { until: isoFromInput(fields.until) } : {}),
  };
}
