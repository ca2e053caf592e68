// Every page's frame: navigation, the journal's integrity (on every page), and the CSRF token the
// script sends with state-changing requests.
import type { Center } from '../center.js';
import { html, type Html } from '../html.js';
import { blockedBecause, type IntegrityView } from '../integrity.js';
import { CSRF_FIELD } from '../security.js';
import { badge } from './badges.js';

export async function page(center: Center, title: string, body: Html): Promise<string> {
  const integrity = await center.integrity.current();
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${center.csrfToken}">
<title>${title} · Backspace command center</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <a class="brand" href="/">⌫ Backspace</a>
  <nav aria-label="Main">
    <a href="/">Sessions</a>
    <a href="/control">Kill switch and approvals</a>
    <a href="/incident">Incident rollback</a>
    <a href="/resources">Resource history</a>
  </nav>
  <span class="muted">operator: ${center.options.operator}</span>
</header>
${integrityBanner(integrity)}
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.value;
}

export function integrityBanner({ report, checkedAt }: IntegrityView): Html {
  const blocked = blockedBecause(report);
  const when = checkedAt.toISOString().slice(11, 19);
  if (blocked) {
    return html`<div class="banner bad" role="alert" id="integrity">${badge('broken', 'journal broken')} ${blocked}. Rollback is blocked: the journal may not say what the agents did. Run <code>backspace verify</code>. <span class="muted">(checked ${when} UTC)</span></div>`;
  }
  const writers = report.writersChecked ? 'writers checked' : 'writers not checked (no keyring)';
  return html`<div class="banner ok" id="integrity">${badge('intact', 'journal verified')} ${report.entries} entries, hash chain intact; ${writers}. <span class="muted">(checked ${when} UTC)</span></div>`;
}

/** The hidden field every state-changing form carries. */
export function csrfField(center: Center): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${center.csrfToken}">`;
}

export function errorBox(message: string): Html {
  return html`<div class="error" role="alert">${message}</div>`;
}
