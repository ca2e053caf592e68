// The command center's web app: security first (host, access token, CSRF, headers), then the pages.
import { Hono } from 'hono';
import { BackspaceError } from '@backspace/core';
import { STYLES } from './assets/styles.js';
import { SCRIPT } from './assets/script.js';
import { createCenter, type Center, type CommandCenterOptions } from './center.js';
import { html } from './html.js';
import { controlRoutes } from './routes/control-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { rollbackRoutes } from './routes/rollback-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { accessCheck, crossSiteReadCheck, csrfCheck, hostCheck, newCsrfToken, securityHeaders, validAccessToken } from './security.js';
import { errorBox, page } from './views/layout.js';
import { RETRY_AFTER_SECONDS, STATUS_OF } from './error-status.js';

export interface AppSecurity {
  /** The address the server listens on: loopback answers only loopback host names. */
  host: string;
  /** Required for any address but loopback (at least 32 characters). */
  accessToken?: string | null;
}

export function createCommandCenterApp(options: CommandCenterOptions, security: AppSecurity): { app: Hono; center: Center } {
  const accessToken = validAccessToken(security.accessToken);
  const center = createCenter(options, newCsrfToken());
  const app = new Hono();
  app.use('*', securityHeaders, hostCheck(security.host), accessCheck(accessToken), csrfCheck(center.csrfToken), crossSiteReadCheck);
  app.get('/assets/app.css', (c) => c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  loginRoutes(app, center, accessToken);
  sessionRoutes(app, center);
  rollbackRoutes(app, center);
  controlRoutes(app, center);
  app.notFound(async (c) => c.html(await page(center, 'Not found', html`<p>Nothing here. <a href="/">Sessions</a></p>`), 404));
  // A BackspaceError says what went wrong in words the runtime already scrubbed of secrets; anything
  // else is logged here and named only by its kind on the page.
  app.onError(async (error, c) => {
    if (BackspaceError.isInstance(error)) {
      // One that may pass on its own (a journal another process holds locked) says when to ask again.
      if (error.isRetryable) c.header('retry-after', String(RETRY_AFTER_SECONDS));
      return c.html(await page(center, 'Could not do that', html`${errorBox(error.message)}<p class="muted mono">${error.code}</p><p><a href="/">Sessions</a></p>`), STATUS_OF[error.code] ?? 500);
    }
    process.stderr.write(`backspace serve: ${error.stack ?? error.message}\n`);
    return c.html(await page(center, 'Something went wrong', errorBox('the command center hit an unexpected error; the server output has the details')), 500);
  });
  return { app, center };
}
