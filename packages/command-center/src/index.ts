// @backspace/command-center: a local web app to replay what agents did, plan and undo it in one click.
export { createCommandCenterApp, type AppSecurity } from './app.js';
export type { CommandCenterOptions } from './center.js';
export { startCommandCenter, DEFAULT_HOST, DEFAULT_PORT, type RunningCommandCenter, type ServeOptions } from './server.js';
export { escapeHtml } from './html.js';
export { isCalendarTime } from './calendar.js';
export { CONTENT_SECURITY_POLICY, CSRF_FIELD, CSRF_HEADER } from './security.js';
