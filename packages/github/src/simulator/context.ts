// What every route of the simulated GitHub shares: the repository, URLs, time, and GitHub's error answers.
import { SimulatorHttpError, toIsoSeconds, type SimulatorRequest } from '@backspace/simulator-kit';
import type { GitActor } from './git.js';
import type { Urls } from './format.js';
import type { RepoState } from './state.js';

export interface RouteContext {
  /** The seeded repository. */
  repo: RepoState;
  /** Every repository, the seeded one first (others are those a person made, see `relocations.ts`). */
  repos: RepoState[];
  urls: Urls;
  /** GitHub's second-precision timestamp for now on the simulator clock. */
  now(): string;
  /** Login → profile name, the name commits carry as author (a login without one is its own name). */
  profiles: Map<string, string>;
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `message`, `documentation_url`, and for 422 the `errors` list (as the @octokit/fixtures recordings show). */
export function githubError(status: number, message: string, extra: Record<string, unknown> = {}): SimulatorHttpError {
  return new SimulatorHttpError(status, { message, documentation_url: DOCS, ...extra });
}

export function notFound(): SimulatorHttpError {
  return githubError(404, 'Not Found');
}

export function validationFailed(errors: Record<string, unknown>[]): SimulatorHttpError {
  return githubError(422, 'Validation Failed', { errors });
}

export function actorOf(request: SimulatorRequest, context: RouteContext): GitActor {
  if (!request.user) throw githubError(401, 'Requires authentication');
  const login = request.user.name;
  return { login, id: Number(request.user.id) || 1, name: context.profiles.get(login) ?? login };
}

/**
 * The repository the path names. A name it had before a person renamed it is GitHub's redirect to the
 * repository by id (see `relocations.ts`); any other owner or name is GitHub's 404.
 */
export function repoOf(context: RouteContext, request: SimulatorRequest): RepoState {
  actorOf(request, context);
  const { owner = '', repo: name = '' } = request.params;
  const found = findRepo(context, owner, name);
  if (!found) throw notFound();
  if (fullName(found) !== `${owner}/${name}`.toLowerCase()) throw movedTo(context, request, `/repositories/${found.id}${request.path.slice(`/repos/${owner}/${name}`.length)}`);
  return found;
}

/** `owner/name` in lower case: GitHub's owner and repository names are case-insensitive. */
export const fullName = (repo: RepoState): string => `${repo.owner.login}/${repo.name}`.toLowerCase();

/**
 * The repository named `owner/name` now, else the one that had that name last (GitHub follows a rename
 * or a transfer to another owner); undefined for neither.
 */
export function findRepo(context: RouteContext, owner: string, name: string, followRenames = true): RepoState | undefined {
  const asked = `${owner}/${name}`.toLowerCase();
  const now = context.repos.find((candidate) => fullName(candidate) === asked);
  if (now || !followRenames) return now;
  return context.repos.find((candidate) => candidate.formerNames.some((former) => former.toLowerCase() === asked));
}

/**
 * GitHub's redirect to where something is now (`path`, under the API): 301 Moved Permanently for a
 * read, 307 for any other method (which a client repeats as it was at the new address), the new API
 * URL in `Location` and in the body's `url`, as GitHub's repository redirects answer (the body's message
 * "Moved Permanently" for both).
 */
export function movedTo(context: RouteContext, request: SimulatorRequest, path: string, status?: 301 | 307): SimulatorHttpError {
  const query = new URLSearchParams(request.searchParams).toString();
  const url = `${context.urls.api}${path}${query ? `?${query}` : ''}`;
  const code = status ?? (request.method === 'GET' || request.method === 'HEAD' ? 301 : 307);
  // GitHub's 307 says "Moved Permanently" in its body too (@octokit/fixtures' `rename-repository` recording).
  return new SimulatorHttpError(code, { message: 'Moved Permanently', url, documentation_url: 'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects' }, { location: url });
}

/** A token that may read the repository but not write to it. */
export function writableRepoOf(context: RouteContext, request: SimulatorRequest): { repo: RepoState; actor: GitActor } {
  const repo = repoOf(context, request);
  const actor = actorOf(request, context);
  if (repo.readOnly.has(actor.login)) throw githubError(403, 'Resource not accessible by personal access token');
  return { repo, actor };
}

export function bodyOf(request: SimulatorRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === '') return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw githubError(400, 'Problems parsing JSON');
  return body as Record<string, unknown>;
}

export function positiveInt(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw notFound();
  return value;
}

export function isoNow(ms: number): string {
  return toIsoSeconds(ms);
}
