// What every route of the simulated GitHub shares: the repository, URLs, time, and GitHub's error answers.
import { SimulatorHttpError, toIsoSeconds, type SimulatorRequest } from '@backspace/simulator-kit';
import type { GitActor } from './git.js';
import type { Urls } from './format.js';
import type { RepoState } from './state.js';

export interface RouteContext {
  repo: RepoState;
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

/** The repository the path names; any other owner or name is GitHub's 404. */
export function repoOf(context: RouteContext, request: SimulatorRequest): RepoState {
  actorOf(request, context);
  const { owner, repo } = request.params;
  if (owner?.toLowerCase() !== context.repo.owner.login.toLowerCase() || repo?.toLowerCase() !== context.repo.name.toLowerCase()) throw notFound();
  return context.repo;
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
