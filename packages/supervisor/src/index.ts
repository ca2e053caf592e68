// @backspace/supervisor: audits agents' actions on a delay, samples them for re-evaluation, watches
// drift and complaint spikes, and pauses or rolls back by itself; every finding journaled.
export { createSupervisor, type Supervisor, type SupervisorOptions, type SupervisorStats } from './supervisor.js';
export { validateSupervisorConfig, triggerOn, TRIGGERS, RESPONSES, type SupervisorConfig, type TriggerName, type ResponseKind, type PolicyTrigger, type SamplingTrigger, type DriftTrigger, type ComplaintsTrigger } from './config.js';
export { rulesEvaluator, breaches, validateAuditRules, RULE_KINDS, type AuditRule, type RuleBreach } from './audit-rules.js';
export { evaluate, type Evaluator, type Verdict, type EvaluationOutcome } from './evaluator.js';
export { aiJudge, VERDICT_SCHEMA, DEFAULT_JUDGE_INSTRUCTIONS, type AiJudgeSettings } from './ai-judge.js';
export { isSampled, sampleDraw } from './sampling.js';
export { populationStabilityIndex, driftScores, DRIFT_DIMENSIONS, type Decision, type DriftDimension, type DriftScore } from './drift.js';
export { ComplaintsWatcher, type Spike } from './complaints.js';
export { MemoryAuditQueue, type AuditQueue, type ResponseQueue, type ResponseJob } from './audit-queue.js';
export { PgBossAuditQueue, auditJobId, type PgBossAuditQueueOptions } from './pg-boss-queue.js';
export { markFalseAlarm } from './false-alarm.js';
export { findingLine } from './responses.js';
export type { AuditSubject, AuditJob, EarlierAction } from './subject.js';
export { releaseIfPassed, AuditsPending, type ReleaseVerdict } from './release-on-audit.js';
