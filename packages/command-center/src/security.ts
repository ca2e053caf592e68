// Who may use the command center, and what a page may do. Loopback by default, and then only under a
// loopback host name (a DNS-rebinding page cannot reach it); any other address needs the access token.
// Every state-changing request carries the per-process CSRF token and, when the browser sends one, a
// same-origin Origin; pages that read providers refuse other sites' requests too. Pages may run only
// the command center's own script (CSP), so even text that slipped past escaping could not execute.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { BackspaceError } from '@backspace/core';

export const ACCESS_COOKIE = 'backspace_access';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A token for forms and fetches: random per process, so no other site can know it. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Binding anywhere but loopback without an access token is refused: anyone on the network could undo work. */
export function checkBinding(host: string, accessToken: string | null): void {
  if (isLoopback(host)) return;
  if (!accessToken) throw new BackspaceError('invalid_config', `the command center listens on ${host}, beyond this machine: set an access token (BACKSPACE_SERVE_TOKEN) of at least 32 characters, or listen on 127.0.0.1`);
}

export function validAccessToken(token: string | null | undefined): string | null {
  if (token === undefined || token === null || token === '') return null;
  if (token.length < 32) throw new BackspaceError('invalid_config', 'the command center access token must be at least 32 characters (openssl rand -base64 32)');
  return token;
}

export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Security headers on every answer: what pages may load, no framing, no caching of journal content. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on its own forms.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
};

/** Loopback serving answers only loopback host names: a rebinding attacker's name is refused. */
export function hostCheck(bindHost: string): MiddlewareHandler {
  return async (c, next) => {
    if (isLoopback(bindHost)) {
      const name = hostName(c.req.header('host') ?? '');
      if (!isLoopback(name)) return c.text('this command center answers only at 127.0.0.1 or localhost', 421);
    }
    await next();
  };
}

function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0]!;
}

/** With an access token: a request needs its cookie (set by the login form) or `Authorization: Bearer`. */
export function accessCheck(accessToken: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (!accessToken || c.req.path === '/login' || c.req.path.startsWith('/assets/')) return next();
    const bearer = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
    if (sameSecret(getCookie(c, ACCESS_COOKIE) ?? bearer, accessToken)) return next();
    if (c.req.method === 'GET' && !c.req.path.endsWith('/events')) return c.redirect('/login', 303);
    return c.text('the command center needs its access token', 401);
  };
}

/** State-changing requests carry the CSRF token and come from this origin. */
export function csrfCheck(csrfToken: string): MiddlewareHandler {
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin) return refused(c, 'the request came from another site');
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return refused(c, 'the request came from another site');
    if (c.req.path === '/login') return next();
    const form = (c.req.header('content-type') ?? '').includes('form') ? await c.req.parseBody({ all: true }) : {};
    const given = c.req.header(CSRF_HEADER) ?? (typeof form[CSRF_FIELD] === 'string' ? (form[CSRF_FIELD] as string) : undefined);
    if (!sameSecret(given, csrfToken)) return refused(c, 'the form is missing its CSRF token (reload the page and try again)');
    return next();
  };
}

/** Pages any site may link to: the session list and the login form read no provider. */
const OPEN_TO_LINKS = (path: string) => path === '/' || path === '/login' || path.startsWith('/assets/');

/**
 * Reading pages asked by another site are refused: an `<img src>` on any page the operator visits would
 * otherwise make the command center plan (reading providers with the operator's tokens) or look up
 * names. Browsers say where a request comes from in `Sec-Fetch-Site`; typed or bookmarked is `none`.
 * Another port of the same host is `same-site`, not this origin: refused too, as for changes.
 */
export const crossSiteReadCheck: MiddlewareHandler = async (c, next) => {
  if (UNSAFE_METHODS.has(c.req.method) || OPEN_TO_LINKS(c.req.path)) return next();
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return c.text(`refused: this page was asked for by another site, and it reads your tools with your tokens; nothing was read. Open it from the command center's own pages, or type its address.`, 403);
  }
  return next();
};

function refused(c: Context, why: string) {
  return c.text(`refused: ${why}; nothing was changed`, 403);
}

/** After a correct token on the login form: the cookie that carries it (HttpOnly, this site only). */
export function grantAccess(c: Context, token: string): void {
  setCookie(c, ACCESS_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
}
