// @backspace/core/runtime: what an agent framework or an operator's tool uses: the runtime and its
// sessions, policy, the kill switch, approvals, deferred effects, rollback plans and reports, timelines
// and names for what they show.
export * from '../contract/json.js';
export * from '../contract/resource.js';
export * from '../contract/clock.js';
export * from '../errors.js';
export * from '../journal/timeline.js';
export * from '../journal/describe-resource.js';
export { withRetry, DEFAULT_RETRY, type RetryPolicy } from '../runtime/retry.js';
export { createRuntime, type ActionsByName, type Runtime, type RuntimeOptions, type Session, type StartSessionOptions, type KillOptions } from '../runtime/create-runtime.js';
export type { RunOptions } from '../runtime/run-action.js';
export type { ActionListing } from '../runtime/registry.js';
export { earlierUse, type EarlierUse } from '../runtime/earlier-use.js';
export { TOOL_NAME, type ToolPresentation, type JsonSchema } from '../runtime/tool-listing.js';
export type { PolicyCheck } from '../runtime/check-policy.js';
export { holdForApproval, toolRefusal, blockedError, type ToolRefusalStatus } from '../runtime/tool-call.js';
export type { ActiveKill, KillScope } from '../runtime/kill-switch.js';
export type { Approvals, ApprovalRequest } from '../runtime/approvals.js';
export type { Supervision, Finding, NewFinding, FindingVerdict, AuditRecord } from '../runtime/supervision.js';
export * from '../policy/types.js';
export * from '../policy/rules.js';
export * from '../policy/defer-rules.js';
export { isDeferredResult, type DeferredResult, type DeferredStatus, type ReleaseTrigger } from '../runtime/deferred.js';
export type { Outbox, HeldAction, ReleaseOptions, ReleaseReport, ReleasedAction, DroppedAction } from '../runtime/outbox.js';
export type { PlanOptions, PlanStep, RollbackPlan, BlastRadius } from '../rollback/plan.js';
export { resolveActionIds, type StepSelection, type LeftOutStep } from '../rollback/select-steps.js';
export type { CascadeSession } from '../rollback/cascades.js';
export { describeIncident, type IncidentScope } from '../rollback/incident.js';
export type { RollbackOptions, RollbackReport, RollbackCounts, ReportStep, StepOutcome, ProgressEvent } from '../rollback/run.js';
export type { InFlightWait } from '../rollback/in-flight-wait.js';
export { assessRestoreFields, assessGuarded, sameJson, type StepStatus, type FieldCheck } from '../rollback/three-way.js';
export { RateLimiter } from '../rollback/rate-limiter.js';
