// The headers every GitHub answer carries: a request id and the token's primary rate-limit budget.
import type { RateLimiter, Router, RouteHandler } from '@backspace/simulator-kit';
import { PRIMARY_LIMIT } from './rate-limits.js';

/** Every answer carries `x-github-request-id` and the token's `x-ratelimit-*` headers, and a 201 its `Location`, as GitHub's do. */
export function withGithubHeaders(router: Router, limiter: () => RateLimiter | undefined): Router {
  const add = router.add.bind(router);
  let requestCounter = 0;
  const withHeaders = (handler: RouteHandler): RouteHandler => async (request) => {
    requestCounter += 1;
    const requestId = `C0DE:${requestCounter.toString(16).toUpperCase().padStart(5, '0')}:${(request.clock.now() % 0xffffff).toString(16).toUpperCase()}`;
    const usage = limiter()?.usage().find((entry) => entry.family === 'core' && entry.key === (request.user ? `user:${request.user.id}` : 'anonymous'));
    const used = usage?.count ?? 0;
    const headers: Record<string, string> = {
      // GitHub's own clock, in whole seconds, as every answer's `Date` says it (the simulator's clock, not the host's).
      date: new Date(request.clock.now()).toUTCString(),
      'x-github-request-id': requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(PRIMARY_LIMIT.requests),
      'x-ratelimit-remaining': String(Math.max(0, PRIMARY_LIMIT.requests - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.ceil((usage?.resetAt ?? request.clock.now() + PRIMARY_LIMIT.windowMs) / 1000)),
      'x-ratelimit-resource': request.path === '/graphql' ? 'graphql' : 'core',
    };
    try {
      const response = await handler(request);
      // A 201 names what it created in `Location` (its API URL), as GitHub's answers do.
      const created = response.status === 201 ? (response.body as { url?: unknown } | undefined)?.url : undefined;
      const location: Record<string, string> = typeof created === 'string' ? { location: created } : {};
      return { ...response, headers: { ...headers, ...location, ...response.headers } };
    } catch (error) {
      const answer = (error as { response?: { status: number; body?: unknown; headers?: Record<string, string> } }).response;
      if (!answer) throw error;
      return { ...answer, headers: { ...headers, ...answer.headers } };
    }
  };
  router.add = (method, pattern, handler) => add(method, pattern, withHeaders(handler));
  router.notFound(withHeaders(() => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } })));
  return router;
}
