// The GitHub client the actions share: Octokit (no retry or throttling plugin: core owns retries) and
// @octokit/graphql on the same request pipeline, every request bounded in time, every failure mapped
// to ProviderError with the token scrubbed.
import { Octokit } from '@octokit/rest';
import { withCustomRequest } from '@octokit/graphql';
import { toProviderError, unparseableAnswer } from './errors.js';
import { withoutSecrets } from './scrub-error.js';

/** How long one request may take, answer body included, before it is aborted. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface GithubClientOptions {
  /** Per request, in ms (default 30 s): past it the request is aborted and fails with `timeout`. */
  timeoutMs?: number;
}

export interface GithubClient {
  rest: Octokit['rest'];
  octokit: Octokit;
  /** The token every request carries: a secret the adapter scrubs from what it journals and throws. */
  readonly token: string;
  graphql: ReturnType<typeof withCustomRequest>;
  /** The token's login (GET /user), asked once. */
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
    // A fresh signal per request (Octokit's `request.signal`), joined with the caller's own if any. Set
    // on this request's own options object: the hooks inside this one (auth) read it, not an argument.
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = endpoint.request?.signal ? AbortSignal.any([endpoint.request.signal as AbortSignal, timeout]) : timeout;
    endpoint.request = { ...endpoint.request, signal };
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(endpoint);
    } catch (error) {
      throw withoutSecrets(toProviderError(error, endpoint.method), [token]);
    }
    // Octokit hands back a JSON body it cannot parse as text; for a write that already landed.
    if (isUnparsedJson(answer)) throw unparseableAnswer(endpoint.method, answer.status, String(endpoint.url), answer.headers['x-github-request-id']);
    return answer;
  });
  let login: Promise<string> | undefined;
  return {
    octokit,
    rest: octokit.rest,
    token,
    graphql: withCustomRequest(octokit.request),
    login: () => {
      login ??= octokit.rest.users.getAuthenticated().then((answer) => answer.data.login);
      // A failed lookup is asked again next time rather than remembered.
      login.catch(() => (login = undefined));
      return login;
    },
  };
}

function isUnparsedJson(answer: { status: number; headers: Record<string, unknown>; data: unknown }): boolean {
  if (answer.status === 204 || answer.status === 205) return false;
  const type = String(answer.headers['content-type'] ?? '');
  return /^application\/(?:scim\+)?json\b/i.test(type) && (typeof answer.data !== 'object' || answer.data === null);
}
