// The GitHub client the actions share: Octokit (no retry or throttling plugin: core owns retries) and
// @octokit/graphql on the same request pipeline, every request bounded in time and stopped by its
// call's signal (the kill switch's), every failure mapped to ProviderError with the token scrubbed.
import { Octokit } from '@octokit/rest';
import { withCustomRequest } from '@octokit/graphql';
import { callSignal, requestSignal, withoutSecrets, type ProviderError } from '@backspace/core';
import { isStatus, stoppedByCaller, toProviderError, unparseableAnswer } from './errors.js';

/** How long one request may take, answer body included, before it is aborted. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface GithubClientOptions {
  /** Per request, in ms (default 30 s): past it the request is aborted and fails with `timeout`. */
  timeoutMs?: number;
  /**
   * The token's login when known, so it is never asked: a GitHub App's bot is `<app-slug>[bot]`. Without
   * it the login is asked once: GET /user, or for an App installation token (which GitHub refuses
   * there) GraphQL `viewer`.
   */
  login?: string;
}

export interface GithubClient {
  rest: Octokit['rest'];
  octokit: Octokit;
  /** The token every request carries: a secret the adapter scrubs from what it journals and throws. */
  readonly token: string;
  graphql: ReturnType<typeof withCustomRequest>;
  /** The token's login: from the options, or asked once (GET /user; GraphQL `viewer` for an App token). */
  login(): Promise<string>;
}

export function createGithubClient(token: string, baseUrl?: string, options: GithubClientOptions = {}): GithubClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const octokit = new Octokit({
    auth: token,
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'backspace-github',
    // Octokit logs every 4xx through console.warn/error; the runtime journals failures instead.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', async (request, endpoint) => {
    // A fresh signal per request (Octokit's `request.signal`), joined with the caller's own (given with
    // the request, or the running call's: core's `withCallSignal`). Set on this request's own options
    // object: the hooks inside this one (auth) read it, not an argument.
    const own = endpoint.request?.signal as AbortSignal | undefined;
    endpoint.request = { ...endpoint.request, signal: requestSignal(timeoutMs, own) };
    const readOnly = isGraphqlQuery(endpoint);
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(endpoint);
    } catch (error) {
      const stopped = Boolean(own?.aborted || callSignal()?.aborted);
      throw withoutSecrets(stopped ? stoppedByCaller(endpoint.method, String(endpoint.url), error, readOnly) : toProviderError(error, endpoint.method, Date.now, readOnly), [token]);
    }
    // Octokit hands back a JSON body it cannot parse as text; for a write that already landed.
    if (isUnparsedJson(answer)) throw unparseableAnswer(endpoint.method, answer.status, String(endpoint.url), answer.headers['x-github-request-id'], readOnly);
    return answer;
  });
  const graphql = withCustomRequest(octokit.request);
  let login: Promise<string> | undefined = options.login ? Promise.resolve(options.login) : undefined;
  return {
    octokit,
    rest: octokit.rest,
    token,
    graphql,
    login: () => {
      login ??= askLogin(octokit, graphql);
      // A failed lookup is asked again next time rather than remembered.
      login.catch(() => (login = undefined));
      return login;
    },
  };
}

/** The token's own login through GraphQL (for an App installation token, its bot's). */
export const VIEWER_QUERY = 'query BackspaceViewer { viewer { login } }';

/** GET /user; an App installation token is refused there (403, no user) and asks GraphQL `viewer`: its bot. */
async function askLogin(octokit: Octokit, graphql: GithubClient['graphql']): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (!isStatus(error, 403) || (error as ProviderError).isRetryable) throw error;
    return (await graphql<{ viewer: { login: string } }>(VIEWER_QUERY)).viewer.login;
  }
}

/** A GraphQL query (not a mutation): a POST that reads. */
function isGraphqlQuery(endpoint: { url?: unknown; query?: unknown }): boolean {
  if (!/\/graphql$/.test(String(endpoint.url ?? ''))) return false;
  const query = typeof endpoint.query === 'string' ? endpoint.query : '';
  return /^\s*(?:query\b|\{)/.test(query);
}

function isUnparsedJson(answer: { status: number; headers: Record<string, unknown>; data: unknown }): boolean {
  if (answer.status === 204 || answer.status === 205) return false;
  const type = String(answer.headers['content-type'] ?? '');
  return /^application\/(?:scim\+)?json\b/i.test(type) && (typeof answer.data !== 'object' || answer.data === null);
}
