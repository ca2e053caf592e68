// A session's timeline: each action with the agent's reasoning and confidence, the redacted input, the
// result, a field-by-field diff of the state before and what the agent left, the inverse staged,
// approvals, and what a rollback did; between them kills and resumes (its agent's and everyone's too),
// supervisor findings and rollbacks.
import { sameJson, type KillScope, type SessionListing, type Snapshot, type TimelineAction, type TimelineEvent, type TimelineItem } from '@backspace/core';
import type { Center } from '../center.js';
import { html, type Html } from '../html.js';
import { badge } from './badges.js';
import { cell, json, plural, resourceName, time } from './format.js';
import { scopeWords } from './control-page.js';
import { csrfField } from './layout.js';
import type { Naming } from './naming.js';
import { timelinePager, type TimelinePage } from './timeline-pages.js';

export interface SessionView {
  summary: SessionListing | null;
  sessionId: string;
  /** The whole timeline (the summary counts it); `shown` is the page of it rendered. */
  items: TimelineItem[];
  shown: TimelinePage;
  /** Why rollback is blocked (a broken journal), or null. */
  blocked: string | null;
  /** What each kill and resume on the timeline (by seq) stopped or freed: this session, its agent or all. */
  scopes: ReadonlyMap<number, KillScope>;
}

export function sessionBody(center: Center, naming: Naming, view: SessionView): Html {
  const actions = view.items.filter((item): item is TimelineAction => item.kind === 'action');
  const summary = view.summary;
  return html`
<dl class="facts">
  <dt>session</dt><dd class="mono">${view.sessionId}</dd>
  ${summary ? html`<dt>agent</dt><dd>${summary.agentId}</dd><dt>why</dt><dd>${summary.reason ?? ''}</dd><dt>status</dt><dd>${badge(summary.status)}</dd>
  <dt>started</dt><dd>${time(summary.startedAt)}</dd><dt>ended</dt><dd>${time(summary.endedAt)}</dd>` : html``}
  <dt>actions</dt><dd>${plural(actions.length, 'action')} (${plural(actions.filter((action) => action.outcome === 'committed').length, 'committed write')})</dd>
</dl>
<p>
  ${view.blocked
    ? html`<button type="button" disabled aria-describedby="integrity">Plan the rollback</button> <span class="tone-bad">blocked: ${view.blocked}</span>`
    : html`<a class="button" href="/sessions/${view.sessionId}/plan">Plan the rollback</a> <span class="muted">(reads each resource now; nothing changes until you confirm)</span>`}
</p>
<form class="inline" method="post" action="/control/kill" data-confirm="Stop every further action of this session?">
  ${csrfField(center)}<input type="hidden" name="scope" value="session"><input type="hidden" name="target" value="${view.sessionId}">
  <input type="hidden" name="back" value="/sessions/${view.sessionId}">
  <label>reason <input type="text" name="reason" required value="stopped from the command center"></label>
  <button type="submit">Kill this session</button>
</form>
<h2 id="timeline">Timeline</h2>
${timelinePager(view.sessionId, view.shown)}
<ol class="timeline" style="list-style:none;padding:0" start="${view.shown.first}">
${view.shown.items.map((item) => html`<li>${item.kind === 'event' ? eventLine(item, view.scopes.get(item.seq)) : actionCard(naming, item)}</li>`)}
</ol>
${view.shown.pages > 1 ? timelinePager(view.sessionId, view.shown) : html``}`;
}

/** A marker between actions; a kill or resume says whom it stopped or freed (an agent's kill stops all its sessions). */
function eventLine(event: TimelineEvent, scope: KillScope | undefined): Html {
  const whom = scope ? html` <span class="muted">(${event.type === 'kill' ? 'stopped' : 'freed'} ${scopeWords(scope)})</span>` : html``;
  return html`<div class="event">${time(event.at)} ${event.text}${whom}</div>`;
}

function actionCard(naming: Naming, action: TimelineAction): Html {
  const confidence = action.confidence === null ? null : `${Math.round(action.confidence * 100)}%`;
  return html`<article class="action" id="action-${action.actionId}" aria-label="${action.action}">
  <h3>${badge(action.outcome)} <span class="mono">${action.action}</span> ${resourceName(naming, action.resource, action.post ?? action.pre)} <span class="muted">${time(action.at)}</span></h3>
  <dl class="facts">
    ${action.reasoning !== null ? html`<dt>reasoning</dt><dd>${action.reasoning}</dd>` : html``}
    ${confidence ? html`<dt>confidence</dt><dd>${confidence}</dd>` : html``}
    ${action.reversibility ? html`<dt>reversibility</dt><dd>${action.reversibility}</dd>` : html``}
    ${action.inverse ? html`<dt>inverse</dt><dd>${action.inverse}</dd>` : html``}
    ${action.reason ? html`<dt>why</dt><dd>${action.reason}</dd>` : html``}
    ${action.approval ? html`<dt>approval</dt><dd>${approvalText(action)}</dd>` : html``}
    ${action.undo ? html`<dt>rollback</dt><dd>${badge(action.undo.outcome)} ${action.undo.verified ? badge('verified') : html``} ${time(action.undo.at)} ${action.undo.error ?? ''}</dd>` : html``}
  </dl>
  ${diffTable(action.pre, action.post)}
  <details><summary>input and result</summary>
    <h4>input (as journaled: sensitive fields redacted)</h4>${json(action.input)}
    <h4>result</h4>${json(action.result)}
  </details>
</article>`;
}

function approvalText(action: TimelineAction): Html {
  const decisions = action.approval!.decisions.map((decision) => html`${badge(decision.decision === 'granted' ? 'approved' : 'denied')} by ${decision.by} ${time(decision.at)}${decision.note ? `: ${decision.note}` : ''}`);
  return html`asked (${action.approval!.rule}) ${decisions.length ? decisions : badge('awaiting approval', 'waiting')}`;
}

/** Field by field: before the agent, what it left; changed fields first and marked. */
export function diffTable(pre: Snapshot | null, post: Snapshot | null): Html {
  if (!pre && !post) return html``;
  const fields = [...new Set([...Object.keys(pre ?? {}), ...Object.keys(post ?? {})])];
  const changed = fields.filter((field) => !sameJson(pre?.[field], post?.[field]));
  const same = fields.filter((field) => !changed.includes(field));
  const row = (field: string, isChanged: boolean) =>
    html`<tr><th scope="row">${field}</th><td class="${isChanged ? 'changed was' : ''}">${pre ? cell(pre[field]) : html`<span class="muted">did not exist</span>`}</td><td class="${isChanged ? 'changed now' : ''}">${post ? cell(post[field]) : html`<span class="muted">gone</span>`}</td><td>${isChanged ? 'changed' : ''}</td></tr>`;
  return html`<table class="diff" aria-label="what the agent changed">
  <thead><tr><th scope="col">field</th><th scope="col">before the agent</th><th scope="col">what the agent left</th><th scope="col"><span class="sr">change</span></th></tr></thead>
  <tbody>${changed.map((field) => row(field, true))}</tbody>
</table>${same.length ? html`<details><summary>${plural(same.length, 'unchanged field')}</summary><table class="diff"><tbody>${same.map((field) => row(field, false))}</tbody></table></details>` : html``}`;
}
