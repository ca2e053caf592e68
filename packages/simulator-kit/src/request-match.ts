// Which requests a fault or a rate limit applies to: a method and path template, a predicate, or both.
import { compilePathPattern } from './path-pattern.js';
import type { RequestPredicate, SimulatorRequest } from './types.js';

export interface RequestMatcher {
  /** Case-insensitive; absent or `*` matches every method. */
  method?: string;
  /** A template as the router takes (`/repos/:owner/:repo/issues`), or a regular expression. */
  path?: string | RegExp;
  /** Further narrows the match, e.g. on the body or the user. */
  when?: RequestPredicate;
}

/** Absent matches every request. */
export function toRequestPredicate(matcher: RequestMatcher | RequestPredicate | undefined): RequestPredicate {
  if (matcher === undefined) return () => true;
  if (typeof matcher === 'function') return matcher;
  const method = matcher.method?.toUpperCase();
  const matchesPath = pathTest(matcher.path);
  return (request: SimulatorRequest) =>
    (method === undefined || method === '*' || method === request.method) &&
    matchesPath(request.path) &&
    (matcher.when === undefined || matcher.when(request));
}

export function describeMatcher(matcher: RequestMatcher | RequestPredicate | undefined): string {
  if (matcher === undefined) return 'every request';
  if (typeof matcher === 'function') return 'a predicate';
  const method = matcher.method?.toUpperCase() ?? '*';
  const path = matcher.path === undefined ? '*' : String(matcher.path);
  return matcher.when ? `${method} ${path} (with a predicate)` : `${method} ${path}`;
}

function pathTest(path: string | RegExp | undefined): (candidate: string) => boolean {
  if (path === undefined) return () => true;
  if (path instanceof RegExp) return (candidate) => path.test(candidate);
  const pattern = compilePathPattern(path);
  return (candidate) => pattern.match(candidate) !== undefined;
}
