// The GitHub client the actions share: Octokit (no retry or throttling plugin: core owns retries) and
// @octokit/graphql on the same request pipeline, with every failure mapped to ProviderError.
import { Octokit } from '@octokit/rest';
import { withCustomRequest } from '@octokit/graphql';
import { toProviderError } from './errors.js';

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
    try {
      return await request(options);
    } catch (error) {
      throw toProviderError(error, options.method);
    }
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
