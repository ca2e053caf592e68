// A provider's documented rate limits, per route family, in fixed windows on the simulator clock.
import type { Clock } from '@backspace/core';
import { toRequestPredicate, type RequestMatcher } from './request-match.js';
import { defaultRateLimitResponse, rateLimitResponse, type RateLimitResponder } from './responses.js';
import type { RequestPredicate, SimulatorRequest, SimulatorResponse } from './types.js';

export interface RateLimitRule {
  /** A name for the group of routes sharing the budget, e.g. Slack's `tier3`. */
  family: string;
  /** Absent: every request. */
  match?: RequestMatcher | RequestPredicate;
  limit: number;
  /** On the simulator clock, so `scaledClock(60)` makes a one-minute window last a real second. */
  windowMs: number;
  /** Whose budget a request spends: the token's (default), one shared budget, or a key of yours. */
  per?: 'token' | 'global' | ((request: SimulatorRequest) => string);
  /** Default: 429 with `Retry-After`. */
  respond?: RateLimitResponder;
}

export interface RateLimitUsage {
  readonly family: string;
  readonly key: string;
  readonly count: number;
  readonly resetAt: number;
}

export interface RateLimiter {
  readonly rules: readonly RateLimitRule[];
  /** Used by the server: a rate-limit answer when a budget is spent, otherwise spends one unit. */
  check(request: SimulatorRequest): { family: string; response: SimulatorResponse } | undefined;
  usage(): RateLimitUsage[];
  /** Starts every window afresh. */
  reset(): void;
}

interface Window {
  start: number;
  count: number;
}

export function createRateLimiter(rules: readonly RateLimitRule[], clock: Clock): RateLimiter {
  const compiled = rules.map((rule) => ({ rule, matches: toRequestPredicate(rule.match) }));
  const windows = new Map<string, Window & { family: string; key: string; windowMs: number }>();

  const windowFor = (rule: RateLimitRule, request: SimulatorRequest, now: number) => {
    const key = budgetKey(rule, request);
    const id = `${rule.family}\u0000${key}`;
    let window = windows.get(id);
    if (!window || now >= window.start + rule.windowMs) {
      window = { start: now, count: 0, family: rule.family, key, windowMs: rule.windowMs };
      windows.set(id, window);
    }
    return window;
  };

  return {
    rules,
    check(request) {
      const now = clock.now();
      const applicable = compiled
        .filter(({ matches }) => matches(request))
        .map(({ rule }) => ({ rule, window: windowFor(rule, request, now) }));
      const spent = applicable.find(({ rule, window }) => window.count >= rule.limit);
      if (spent) {
        const { rule, window } = spent;
        const resetAt = window.start + rule.windowMs;
        const detail = { family: rule.family, limit: rule.limit, windowMs: rule.windowMs, retryAfterMs: resetAt - now, resetAt };
        return { family: rule.family, response: rateLimitResponse(rule.respond ?? defaultRateLimitResponse, request, detail) };
      }
      // Only allowed requests spend budget, as with the real services' counters.
      for (const { window } of applicable) window.count += 1;
      return undefined;
    },
    usage: () =>
      [...windows.values()].map(({ family, key, count, start, windowMs }) => ({ family, key, count, resetAt: start + windowMs })),
    reset: () => windows.clear(),
  };
}

function budgetKey(rule: RateLimitRule, request: SimulatorRequest): string {
  const per = rule.per ?? 'token';
  if (per === 'global') return 'global';
  if (per === 'token') return request.user ? `user:${request.user.id}` : 'anonymous';
  return per(request);
}
