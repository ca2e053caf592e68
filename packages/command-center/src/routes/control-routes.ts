// The kill switch and approvals, decided under the operator's name; each change goes back to its page.
import type { Context, Hono } from 'hono';
import { BackspaceError, type ActiveKill, type KillScope } from '@backspace/core';
import type { Center } from '../center.js';
import { controlBody, scopeWords } from '../views/control-page.js';
import { page } from '../views/layout.js';

export function controlRoutes(app: Hono, center: Center): void {
  const { runtime } = center;
  const by = center.options.operator;

  app.get('/control', async (c) => c.html(await page(center, 'Kill switch and approvals', controlBody(center, await runtime.activeKills(), await runtime.approvals.list()))));

  app.post('/control/kill', async (c) => {
    const form = await formOf(c);
    const scope = await knownScope(center, scopeOf(form));
    if (!form.reason) throw new BackspaceError('invalid_input', 'a kill needs a reason: the agents and the operators after you will read it');
    await runtime.kill({ scope, reason: form.reason, by });
    return c.redirect(safeBack(form.back) ?? '/control', 303);
  });

  app.post('/control/resume', async (c) => {
    const form = await formOf(c);
    const scope = scopeOf(form);
    await runtime.resume({ scope: (await killShown(center, scope, form.kill)).scope, by });
    return c.redirect('/control', 303);
  });

  app.post('/control/approvals/:id/approve', async (c) => {
    const form = await formOf(c);
    await runtime.approvals.approve(c.req.param('id'), { by, ...(form.note ? { note: form.note } : {}) });
    return c.redirect('/control#approvals', 303);
  });

  app.post('/control/approvals/:id/deny', async (c) => {
    const form = await formOf(c);
    if (!form.reason) throw new BackspaceError('invalid_input', 'denying needs a reason: the agent is told it');
    await runtime.approvals.deny(c.req.param('id'), { by, reason: form.reason });
    return c.redirect('/control#approvals', 303);
  });
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') form[name] = value.trim();
  return form;
}

function scopeOf(form: Record<string, string>): KillScope {
  if (form.scope === 'all') return 'all';
  if (!form.target) throw new BackspaceError('invalid_input', `name the ${form.scope === 'agent' ? 'agent' : 'session'} to stop (its id)`);
  if (form.scope === 'agent') return { agentId: form.target };
  if (form.scope === 'session') return { sessionId: form.target };
  throw new BackspaceError('invalid_input', 'the scope is all, an agent or a session');
}

/** A session or agent the journal knows: a typo must not be a kill that stops nothing while the agent runs on. */
async function knownScope(center: Center, scope: KillScope): Promise<KillScope> {
  const journal = center.runtime.journal;
  if (scope === 'all') return scope;
  if ('sessionId' in scope) {
    if ((await journal.sessionEntries(scope.sessionId)).length > 0) return scope;
    throw new BackspaceError('session_not_found', `no session ${scope.sessionId} in the journal; nothing was killed`);
  }
  if ((await journal.sessions({ agentId: scope.agentId })).length > 0) return scope;
  throw new BackspaceError('agent_not_found', `no agent ${scope.agentId} in the journal; nothing was killed`);
}

/**
 * The kill in force that a Resume button stands for: the one its page showed (`kill`: its seq in the
 * journal), never a newer kill of the same scope pulled since by someone who had not seen that page; and
 * no resume at all of a kill no longer in force (a second click, a page left open).
 */
async function killShown(center: Center, scope: KillScope, shownSeq: string | undefined): Promise<ActiveKill> {
  const kills = await center.runtime.activeKills();
  const inForce = kills.find((kill) => JSON.stringify(kill.scope) === JSON.stringify(scope));
  if (!inForce) throw new BackspaceError('kill_not_found', `no kill of ${scopeWords(scope)} is in force (it was lifted already); nothing was resumed`);
  if (shownSeq !== undefined && shownSeq !== String(inForce.seq)) {
    throw new BackspaceError('kill_not_found', `the kill of ${scopeWords(scope)} this page showed was lifted already, and a newer one is in force (${inForce.reason}, by ${inForce.by}, ${inForce.at}); nothing was resumed: read it, then resume it from the control page if it should go`);
  }
  return inForce;
}

/**
 * Only a path on this site: a form cannot send the operator elsewhere after a kill. Browsers drop tabs and
 * newlines from a URL and read `\` as `/` (`/\t/evil.example` becomes `//evil.example`): a path with a
 * control character or a backslash anywhere is refused whole, never cleaned.
 */
function safeBack(back: string | undefined): string | null {
  if (typeof back !== 'string' || /[\u0000-\u001f\u007f\\]/.test(back)) return null;
  return /^\/(?!\/)/.test(back) ? back : null;
}
