// The GitHub client the actions share: Octokit (no retry or throttling plugin: core owns retries) and
// @octokit/graphql on the same request pipeline, with every failure mapped to ProviderError.
import { Octokit } from '@octokit/rest';
import { withCustomRequest } from '@octokit/graphql';
import { toProviderError, unparseableAnswer } from './errors.js';

export interface GithubClient {
  rest: Octokit['rest'];
  octokit: Octokit;
  graphql: ReturnType<typeof withCustomRequest>;
  /** The token's login (GET /user), asked once. */
  login(): Promise<string>;
}

export function createGithubClient(token: string, baseUrl?: string): GithubClient {
  const octokit = new Octokit({
    auth: token,
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'backspace-github',
    // Octokit logs every 4xx through console.warn/error; the runtime journals failures instead.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit.hook.wrap('request', async (request, options) => {
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      answer = await request(options);
    } catch (error) {
      throw toProviderError(error, options.method);
    }
    // Octokit hands back a JSON body it cannot parse as text; for a write that already landed.
    if (isUnparsedJson(answer)) throw unparseableAnswer(options.method, answer.status, String(options.url), answer.headers['x-github-request-id']);
    return answer;
  });
  let login: Promise<string> | undefined;
  return {
    octokit,
    rest: octokit.rest,
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
