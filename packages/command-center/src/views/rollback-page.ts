// A rollback as it runs: each step's outcome, live over server-sent events (the script), the final report
// when it is in. Without the script the page says to reload.
import type { Snapshot } from '@backspace/core';
import { html, type Html } from '../html.js';
import type { JobStep, RollbackJob } from '../rollback-jobs.js';
import { badge, toneClass } from './badges.js';
import { namedLine, resourceName } from './format.js';
import type { Naming } from './naming.js';

export function rollbackBody(naming: Naming, job: RollbackJob, states: ReadonlyMap<string, Snapshot | null>): Html {
  const steps = [...job.steps.values()];
  const report = job.report;
  return html`
<p><a href="${job.backTo}">← back</a></p>
${job.finished ? html`` : html`<div data-rollback-events="/rollbacks/${job.id}/events" data-planned="${job.planned ? 'true' : 'false'}" data-waiting="${job.waiting ? 'true' : 'false'}" aria-live="polite">
  ${!job.planned && job.waiting ? html`<p id="progress-wait">Waiting up to ${Math.ceil(job.waiting.ms / 1000)} s before planning: ${job.waiting.why}.</p>` : html``}
  <p id="progress-phase">${job.planned ? 'Rolling back' : 'Planning: reading each resource now'}: <span id="progress-count">${job.done} of ${job.planned ? job.steps.size : '?'}</span> steps finished.
  <progress id="progress-bar" max="${job.steps.size}" value="${job.done}"></progress></p>
  <noscript><p>This page updates live with JavaScript; without it, <a href="/rollbacks/${job.id}">reload</a> to see progress.</p></noscript>
</div>`}
${job.error ? html`<div class="error" role="alert" id="rollback-error">The rollback stopped: ${job.error.message} <span class="mono">(${job.error.code})</span></div>` : html``}
${report ? html`<div class="${report.counts.failed || report.counts.unreachable ? 'error' : 'notice'}" role="status" id="rollback-summary"><strong>Done:</strong> ${report.summary}</div>` : html``}
<table id="rollback-steps">
  <thead><tr><th scope="col">outcome</th><th scope="col">action</th><th scope="col">resource</th><th scope="col">status planned</th></tr></thead>
  <tbody>${steps.map((step) => stepRow(naming, states.get(step.resource) ?? null, step, report?.steps.find((reported) => reported.actionId === step.actionId)?.status))}</tbody>
</table>
${report?.residue.length ? html`<h2>Residue: what stays</h2><ul>${report.residue.map((line) => html`<li>${namedLine(naming, line, states)}</li>`)}</ul>` : html``}
${report ? html`<p>Sessions: ${report.sessions.map((sessionId) => html`<a class="mono" href="/sessions/${sessionId}">${sessionId.slice(0, 8)}</a> `)}</p>` : html``}`;
}

function stepRow(naming: Naming, state: Snapshot | null, step: JobStep, status: string | undefined): Html {
  const shown = step.outcome ?? step.phase;
  // data-outcome: the cell the script updates as the step's events arrive.
  return html`<tr id="step-${step.actionId}">
  <td><span data-outcome class="badge ${toneClass(shown)}">${shown}</span></td>
  <td class="mono">${step.action}</td>
  <td>${resourceName(naming, step.resource, state)}</td>
  <td>${status ? badge(status) : html``}</td>
</tr>`;
}
