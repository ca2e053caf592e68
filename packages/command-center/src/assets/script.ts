// The one script pages run (served from /assets/app.js; the CSP allows nothing else). Everything works
// without it; it adds what a server-rendered page cannot: live rollback progress over server-sent events,
// and keeping the rollback button's count in step with the ticked steps.
import { TONES } from '../views/badges.js';

export const SCRIPT = `
(() => {
  'use strict';
  const TONES = ${JSON.stringify(TONES)};
  const job = document.querySelector('[data-rollback-events]');
  if (job && window.EventSource) {
    const events = new EventSource(job.getAttribute('data-rollback-events'));
    const counter = document.getElementById('progress-count');
    const bar = document.getElementById('progress-bar');
    events.addEventListener('step', (message) => {
      const { step, done, total } = JSON.parse(message.data);
      const row = document.getElementById('step-' + step.actionId);
      if (row) {
        const cell = row.querySelector('[data-outcome]');
        cell.textContent = step.outcome ? step.outcome : step.phase;
        cell.className = 'badge ' + 'tone-' + (TONES[step.outcome || step.phase] || 'muted');
      }
      if (counter) counter.textContent = done + ' of ' + total;
      if (bar) { bar.max = total; bar.value = done; }
    });
    const reload = () => { events.close(); window.location.reload(); };
    // Once planned, the page shows the steps to run (rendered by the server); then each updates in place.
    events.addEventListener('planned', () => {
      if (job.getAttribute('data-planned') === 'false') reload();
    });
    // A wait before planning (for writes still in flight): the page says how long and why.
    events.addEventListener('waiting', () => {
      if (job.getAttribute('data-waiting') === 'false') reload();
    });
    events.addEventListener('finished', reload);
    events.addEventListener('failed', reload);
  }
  const form = document.querySelector('form[data-selective]');
  if (form) {
    const button = form.querySelector('button[type=submit]');
    const boxes = [...form.querySelectorAll('input[name=step]')];
    const label = button.getAttribute('data-label');
    const update = () => {
      const ticked = boxes.filter((box) => box.checked).length;
      button.textContent = ticked === 0 || ticked === boxes.length ? label : 'Roll back the ' + ticked + ' ticked step' + (ticked === 1 ? '' : 's') + ' (and what they need)';
    };
    boxes.forEach((box) => box.addEventListener('change', update));
  }
  // Links and buttons that ask before they act (kill everything), also without a mouse.
  document.querySelectorAll('form[data-confirm]').forEach((confirmForm) => {
    confirmForm.addEventListener('submit', (event) => {
      if (!window.confirm(confirmForm.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
`;
