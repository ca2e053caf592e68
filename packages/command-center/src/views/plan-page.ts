// The plan before anything runs: each step's status and why, the fields in conflict (before, what the
// agent left, what is there now), blast radius, residue; then the one button, naming what it will do.
import type { PlanStep, RollbackPlan, Snapshot } from '@backspace/core';
import type { Center } from '../center.js';
import { html, type Html } from '../html.js';
import { badge } from './badges.js';
import { cell, namedLine, plural, resourceName } from './format.js';
import { csrfField } from './layout.js';
import { personName, type Naming } from './naming.js';

export interface PlanView {
  plan: RollbackPlan;
  /** Where the rollback is posted (a session's or an incident's). */
  action: string;
  /** Hidden fields the rollback needs again (an incident's scope). */
  carry: Record<string, string>;
  /** Why rollback is blocked (a broken journal), or null. */
  blocked: string | null;
  /** What is rolled back, in words. */
  subject: string;
  /** What each action left (or found), by action id, to name its resource as people know it. */
  snapshots: Map<string, Snapshot | null>;
}

export function planBody(center: Center, naming: Naming, view: PlanView): Html {
  const { plan } = view;
  const toRun = plan.steps.filter((step) => step.compensation !== null);
  const counts = countStatuses(plan.steps);
  const states = new Map(plan.steps.map((step) => [step.resource, view.snapshots.get(step.actionId) ?? null]));
  // Writes of unknown outcome are listed on their own: a dry run did not look them up, the rollback will.
  const unsettled = new Set(plan.unsettled);
  const residue = plan.residue.filter((line) => !unsettled.has(line));
  const radius = Object.entries(plan.blastRadius.byProvider).map(([provider, count]) => `${provider} ${count}`).join(', ');
  return html`
<p>${plural(plan.steps.length, 'step')}: ${Object.entries(counts).map(([status, count]) => html`${badge(status, `${count} ${status}`)} `)}</p>
<p>Blast radius: ${plural(plan.blastRadius.resources, 'resource')}${radius ? ` (${radius})` : ''}${plan.blastRadius.actors.length ? html`; people who saw or touched them: <span id="blast-radius-people">${plan.blastRadius.actors.map((id) => personName(naming, id)).join(', ')}</span>` : ''}.</p>
${plan.cascades?.length ? html`<div class="notice"><strong>Later sessions built on these resources</strong> (not rolled back here): ${plan.cascades.map((cascade) => html`<a href="/sessions/${cascade.sessionId}">${cascade.sessionId.slice(0, 8)}</a> (${cascade.agentId ?? 'unknown agent'}, ${plural(cascade.actions, 'write')}) `)}</div>` : html``}
${plan.owed?.length ? html`<div class="notice"><strong>Then, steps earlier rollbacks kept because of these writes</strong> (planned again in their own sessions once these are undone): ${plan.owed.map((step) => html`<a href="/sessions/${step.sessionId}">${step.sessionId.slice(0, 8)}</a> ${step.action} `)}</div>` : html``}
<form method="post" action="${view.action}" data-selective>
${csrfField(center)}
${Object.entries(view.carry).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<table>
  <caption class="muted">Newest first. Tick steps to roll back only those (and what they cannot be undone without); tick none to roll back everything.</caption>
  <thead><tr><th scope="col">only</th><th scope="col">status</th><th scope="col">action</th><th scope="col">resource</th><th scope="col">what happens</th></tr></thead>
  <tbody>${plan.steps.map((step) => stepRow(naming, step, view.snapshots.get(step.actionId) ?? null, states))}</tbody>
</table>
${plan.unsettled.length ? html`<h2>Outcome unknown: not planned here</h2><ul>${plan.unsettled.map((line) => html`<li>${namedLine(naming, line, states)}</li>`)}</ul>` : html``}
${residue.length ? html`<h2>Residue: what stays after the rollback</h2><ul>${residue.map((line) => html`<li>${namedLine(naming, line, states)}</li>`)}</ul>` : html``}
${plan.leftOut?.length ? html`<p class="muted">${plural(plan.leftOut.length, 'step')} left out by the selection: not run now, undone by a later full rollback.</p>` : html``}
<h2>Confirm</h2>
${confirmation(view, toRun, plan.unsettled.length)}
</form>`;
}

/** `unknown`: writes of unknown outcome; the rollback settles them first, so they alone are worth the button. */
function confirmation(view: PlanView, toRun: PlanStep[], unknown: number): Html {
  if (view.blocked) return html`<p><button type="submit" class="primary" disabled aria-describedby="integrity">Roll back</button> <span class="tone-bad">blocked: ${view.blocked}</span></p>`;
  if (toRun.length === 0 && unknown === 0) return html`<p>Nothing to undo: every step is already undone, gone, expired or irreversible.</p>`;
  if (toRun.length === 0) {
    const label = `Roll back ${view.subject}`;
    return html`<p>The rollback first looks up ${plural(unknown, 'write')} of unknown outcome at the providers by their keys, records what it finds, and undoes what landed.</p>
<p><button type="submit" class="primary" data-label="${label}">${label}</button></p>`;
  }
  const gentler = toRun.filter((step) => step.remedy === 'gentler').length;
  const label = `Roll back ${plural(toRun.length, 'step')} of ${view.subject}`;
  return html`<p>This will run ${plural(toRun.length, 'inverse')} at the providers${gentler ? html`, ${gentler} of them the gentler one (others built on the object)` : ''}, then read each object back to verify it. Fields others changed since are kept.</p>
<p><button type="submit" class="primary" data-label="${label}">${label}</button></p>`;
}

function stepRow(naming: Naming, step: PlanStep, snapshot: Snapshot | null, states: ReadonlyMap<string, Snapshot | null>): Html {
  const kept = (step.fields ?? []).filter((field) => field.decision === 'keep');
  const restored = (step.fields ?? []).filter((field) => field.decision === 'restore');
  const fields = step.fields?.length
    ? html`<table class="diff" aria-label="fields of ${step.action}"><thead><tr><th scope="col">field</th><th scope="col">before the agent</th><th scope="col">agent left</th><th scope="col">now</th><th scope="col">decision</th></tr></thead><tbody>${step.fields.map(
        (field) => html`<tr><th scope="row">${field.field}</th><td>${cell(field.pre)}</td><td>${cell(field.post)}</td><td>${cell(field.current)}</td><td>${field.decision === 'keep' ? badge('conflict', 'keep: changed by someone else') : field.decision === 'restore' ? badge('undo', 'restore') : badge('already-undone', 'already back')}</td></tr>`,
      )}</tbody></table>`
    : html``;
  return html`<tr id="plan-${step.actionId}">
  <td><input type="checkbox" name="step" value="${step.actionId}" aria-label="only ${step.action} on ${step.resource}"></td>
  <td>${badge(step.status)}${step.pulledIn ? html`<br><span class="muted">pulled in: ${step.pulledIn}</span>` : html``}</td>
  <td class="mono">${step.action}</td>
  <td>${resourceName(naming, step.resource, snapshot)}</td>
  <td>${namedLine(naming, step.reason, states)}${step.compensation ? html`<br><span class="muted">runs: ${step.compensation.description ?? step.compensation.operation}</span>` : html``}${kept.length ? html`<br>${badge('conflict', `keeps ${kept.map((field) => field.field).join(', ')}`)}` : html``}${restored.length ? html` restores ${restored.map((field) => field.field).join(', ')}` : html``}${fields}</td>
</tr>`;
}

function countStatuses(steps: PlanStep[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of steps) counts[step.status] = (counts[step.status] ?? 0) + 1;
  return counts;
}
