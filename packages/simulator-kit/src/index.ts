// @backspace/simulator-kit: what provider simulators and `backspace demo` need at run time, without any
// test framework: an in-process HTTP server with users, faults, rate limits and a log, id and clock
// helpers, the handle every simulator returns and the demo part contract.
export type { SimulatorRequest, SimulatorResponse, SimulatorUser, RouteHandler, RequestPredicate } from './types.js';
export { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './server.js';
export type { SimulatorStats } from './handle-request.js';
export { createRouter, type Router, type ResolvedRoute } from './router.js';
export { compilePathPattern, compareSpecificity, type PathPattern } from './path-pattern.js';
export { toRequestPredicate, type RequestMatcher } from './request-match.js';
export { createUserRegistry, tokenFromRequest, type UserRegistry, type UserRegistryOptions, type UserIdentity } from './users.js';
export {
  createNumericIds,
  createPrefixedIds,
  createUuids,
  createTimestamps,
  createSlackTs,
  createVersionCounter,
  toIsoSeconds,
  type TimestampSource,
  type VersionCounter,
} from './ids.js';
export {
  createFaultInjector,
  type FaultInjector,
  type FaultSpec,
  type FaultBehaviour,
  type FaultKind,
  type PendingFault,
  type FiredFault,
} from './faults.js';
export { createRateLimiter, type RateLimiter, type RateLimitRule, type RateLimitUsage } from './rate-limits.js';
export {
  RETRY_AFTER_MS_HEADER,
  defaultRateLimitResponse,
  toRetryAfterSeconds,
  SimulatorHttpError,
  type RateLimitDetail,
  type RateLimitResponder,
} from './responses.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export { createManualClock, type ManualClock } from './manual-clock.js';
export { toSimulatorHandle, type SimulatorHandle } from './handle.js';
export type { DemoPart, DemoVerification } from './demo-part.js';
