// GitHub's documented limits: 5,000 requests an hour per token (primary), and at most 80
// content-creating requests a minute (secondary), answered with 403 and the headers GitHub sends.
import type { RateLimitRule, SimulatorRequest } from '@backspace/simulator-kit';

export const PRIMARY_LIMIT = { requests: 5000, windowMs: 3_600_000 };
export const SECONDARY_CONTENT_LIMIT = { requests: 80, windowMs: 60_000 };

/** Requests that create content: issues, comments, pull requests, commits through the contents API. */
export function createsContent(request: SimulatorRequest): boolean {
  if (request.method === 'POST') return /\/issues(\/\d+\/comments)?$|\/pulls$/.test(request.path) || request.path === '/graphql';
  return request.method === 'PUT' && /\/contents\//.test(request.path);
}

export function githubRateLimits(limits: { primary?: number; secondaryContent?: number } = {}): RateLimitRule[] {
  return [
    {
      family: 'core',
      limit: limits.primary ?? PRIMARY_LIMIT.requests,
      windowMs: PRIMARY_LIMIT.windowMs,
      respond: (_seconds, request, detail) => ({
        status: 403,
        headers: {
          'x-github-request-id': limitedRequestId(request),
          'x-ratelimit-limit': String(detail.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': String(detail.limit),
          'x-ratelimit-reset': String(Math.ceil(detail.resetAt / 1000)),
          'x-ratelimit-resource': 'core',
        },
        body: { message: `API rate limit exceeded for user ID ${request.user?.id ?? 'anonymous'}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
      }),
    },
    {
      family: 'secondary-content',
      match: createsContent,
      limit: limits.secondaryContent ?? SECONDARY_CONTENT_LIMIT.requests,
      windowMs: SECONDARY_CONTENT_LIMIT.windowMs,
      respond: (seconds, request) => ({
        status: 403,
        headers: { 'retry-after': String(seconds), 'x-github-request-id': limitedRequestId(request) },
        body: {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      }),
    },
  ];
}

let limitedCounter = 0;
/** Rate-limited answers never reach a route, but GitHub still gives them a request id. */
function limitedRequestId(request: SimulatorRequest): string {
  limitedCounter += 1;
  return `11A1:${limitedCounter.toString(16).toUpperCase().padStart(5, '0')}:${(request.clock.now() % 0xffffff).toString(16).toUpperCase()}`;
}
