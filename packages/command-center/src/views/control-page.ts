// The kill switch (what is stopped now, stop more, resume) and the approvals waiting for a person.
import type { ActiveKill, ApprovalRequest, KillScope } from '@backspace/core';
import type { Center } from '../center.js';
import { html, type Html } from '../html.js';
import { badge } from './badges.js';
import { json, time } from './format.js';
import { csrfField } from './layout.js';

export function scopeWords(scope: KillScope): string {
  if (scope === 'all') return 'every agent';
  return 'agentId' in scope ? `agent ${scope.agentId}` : `session ${scope.sessionId}`;
}

function scopeFields(scope: KillScope): Html {
  if (scope === 'all') return html`<input type="hidden" name="scope" value="all">`;
  if ('agentId' in scope) return html`<input type="hidden" name="scope" value="agent"><input type="hidden" name="target" value="${scope.agentId}">`;
  return html`<input type="hidden" name="scope" value="session"><input type="hidden" name="target" value="${scope.sessionId}">`;
}

export function controlBody(center: Center, kills: ActiveKill[], approvals: ApprovalRequest[]): Html {
  return html`
<h2 id="kills">Kills in force</h2>
${kills.length === 0
    ? html`<p>${badge('running', 'nothing is stopped')} Agents run.</p>`
    : html`<table><thead><tr><th scope="col">stopped</th><th scope="col">why</th><th scope="col">by</th><th scope="col">since</th><th scope="col"></th></tr></thead><tbody>${kills.map(
        (kill) => html`<tr><td>${badge('blocked', 'killed')} ${scopeWords(kill.scope)}</td><td>${kill.reason}</td><td>${kill.by}</td><td>${time(kill.at)}</td><td>
  <form class="inline" method="post" action="/control/resume">${csrfField(center)}${scopeFields(kill.scope)}<input type="hidden" name="kill" value="${String(kill.seq)}"><button type="submit">Resume ${scopeWords(kill.scope)}</button></form></td></tr>`,
      )}</tbody></table>`}
<h2>Stop agents</h2>
<form method="post" action="/control/kill" data-confirm="Stop every further action in this scope?">
  ${csrfField(center)}
  <fieldset><legend>What to stop</legend>
    <label><input type="radio" name="scope" value="session" checked> a session</label>
    <label><input type="radio" name="scope" value="agent"> an agent</label>
    <label><input type="radio" name="scope" value="all"> everything</label>
    <label>session id or agent id <input type="text" name="target" autocomplete="off"></label>
  </fieldset>
  <label>reason <input type="text" name="reason" required></label>
  <button type="submit">Kill</button>
</form>
<h2 id="approvals">Approvals waiting</h2>
${approvals.length === 0
    ? html`<p>No action is waiting for approval.</p>`
    : approvals.map((request) => approvalCard(center, request))}`;
}

function approvalCard(center: Center, request: ApprovalRequest): Html {
  return html`<article class="action" aria-label="approval ${request.requestId}">
  <h3>${badge('awaiting approval')} <span class="mono">${request.action ?? ''}</span> <span class="muted">by agent ${request.agentId ?? 'unknown'} ${time(request.requestedAt)}</span></h3>
  <dl class="facts"><dt>rule</dt><dd>${request.rule}</dd><dt>why</dt><dd>${request.reason}</dd>
  ${request.sessionId ? html`<dt>session</dt><dd><a class="mono" href="/sessions/${request.sessionId}">${request.sessionId.slice(0, 8)}</a></dd>` : html``}</dl>
  <details><summary>input (redacted)</summary>${json(request.input)}</details>
  <form class="inline" method="post" action="/control/approvals/${request.requestId}/approve">${csrfField(center)}
    <label>note <input type="text" name="note"></label><button type="submit">Approve as ${center.options.operator}</button></form>
  <form class="inline" method="post" action="/control/approvals/${request.requestId}/deny">${csrfField(center)}
    <label>reason <input type="text" name="reason" required></label><button type="submit">Deny</button></form>
</article>`;
}
