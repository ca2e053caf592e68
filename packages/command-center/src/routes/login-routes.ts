// With an access token (listening beyond loopback): the form that asks for it once and sets its cookie.
import type { Hono } from 'hono';
import type { Center } from '../center.js';
import { html } from '../html.js';
import { grantAccess, sameSecret } from '../security.js';

export function loginRoutes(app: Hono, _center: Center, accessToken: string | null): void {
  const form = (problem: string | null) =>
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Backspace command center: access</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><main id="main"><h1>Backspace command center</h1>${problem ? html`<div class="error" role="alert">${problem}</div>` : html``}
<form method="post" action="/login"><label>access token <input type="password" name="token" autocomplete="current-password" required autofocus></label> <button type="submit">Open</button></form></main></body></html>`.value;
  app.get('/login', (c) => (accessToken ? c.html(form(null)) : c.redirect('/', 303)));
  app.post('/login', async (c) => {
    if (!accessToken) return c.redirect('/', 303);
    const given = (await c.req.parseBody({ all: true })).token;
    if (typeof given !== 'string' || !sameSecret(given, accessToken)) return c.html(form('That is not the access token.'), 401);
    grantAccess(c, accessToken);
    return c.redirect('/', 303);
  });
}
