// Maps a method and path to a handler; the most specific template wins, then the first added.
import { compareSpecificity, compilePathPattern, type PathPattern } from './path-pattern.js';
import type { RouteHandler } from './types.js';

export interface ResolvedRoute {
  readonly handler: RouteHandler;
  readonly params: Record<string, string>;
  /** The template that matched; `undefined` when the not-found handler answers. */
  readonly pattern: string | undefined;
}

export interface Router {
  /** `method` is case-insensitive; `*` takes every method. See `compilePathPattern` for templates. */
  add(method: string, pattern: string, handler: RouteHandler): Router;
  get(pattern: string, handler: RouteHandler): Router;
  post(pattern: string, handler: RouteHandler): Router;
  put(pattern: string, handler: RouteHandler): Router;
  patch(pattern: string, handler: RouteHandler): Router;
  delete(pattern: string, handler: RouteHandler): Router;
  /** Replaces the default answer to unknown routes (404 with a JSON body). */
  notFound(handler: RouteHandler): Router;
  resolve(method: string, path: string): ResolvedRoute;
}

interface Route {
  readonly method: string;
  readonly pattern: PathPattern;
  readonly handler: RouteHandler;
}

const defaultNotFound: RouteHandler = (request) => ({
  status: 404,
  body: { error: 'not_found', message: `No route for ${request.method} ${request.path}` },
});

export function createRouter(): Router {
  const routes: Route[] = [];
  let notFoundHandler = defaultNotFound;

  const router: Router = {
    add(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), pattern: compilePathPattern(pattern), handler });
      // A stable sort keeps insertion order among equally specific templates; method-specific first.
      routes.sort(
        (a, b) =>
          compareSpecificity(a.pattern.source, b.pattern.source) || Number(a.method === '*') - Number(b.method === '*'),
      );
      return router;
    },
    get: (pattern, handler) => router.add('GET', pattern, handler),
    post: (pattern, handler) => router.add('POST', pattern, handler),
    put: (pattern, handler) => router.add('PUT', pattern, handler),
    patch: (pattern, handler) => router.add('PATCH', pattern, handler),
    delete: (pattern, handler) => router.add('DELETE', pattern, handler),
    notFound(handler) {
      notFoundHandler = handler;
      return router;
    },
    resolve(method, path) {
      const upper = method.toUpperCase();
      for (const route of routes) {
        if (route.method !== '*' && route.method !== upper) continue;
        const params = route.pattern.match(path);
        if (params) return { handler: route.handler, params, pattern: route.pattern.source };
      }
      return { handler: notFoundHandler, params: {}, pattern: undefined };
    },
  };
  return router;
}
