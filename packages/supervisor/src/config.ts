// The supervisor's configuration and its validation: anything wrong is refused at start, by name.
import { BackspaceError } from '@backspace/core';
import { validateAuditRules, type AuditRule } from './audit-rules.js';
import { DRIFT_DIMENSIONS, type DriftDimension } from './drift.js';

export const RESPONSES = ['notify', 'pause', 'pause-and-rollback'] as const;
export type ResponseKind = (typeof RESPONSES)[number];

export const TRIGGERS = ['policy', 'sampling', 'drift', 'complaints'] as const;
export type TriggerName = (typeof TRIGGERS)[number];

interface TriggerBase {
  /** Off when false (default on when configured). */
  enabled?: boolean;
  /** Only these agents; every agent when absent. */
  agents?: string[];
  /** What a finding of this trigger leads to. */
  response?: ResponseKind;
}

/** Rules checked on every committed action once its audit delay has passed. */
export interface PolicyTrigger extends TriggerBase {
  rules: AuditRule[];
}

/** A share of actions re-evaluated by an evaluator (the rules one unless the supervisor is given another). */
export interface SamplingTrigger extends TriggerBase {
  /** Share of actions sampled, 0 to 1 (0.05 to 0.1 is typical). */
  rate: number;
  /** Makes the sample differ between deployments yet replay the same; default `backspace`. */
  seed?: string;
  /** Rules for the built-in evaluator. */
  rules?: AuditRule[];
  /** A failing verdict below this confidence is inconclusive (default 0.5). */
  minConfidence?: number;
  /** How long an evaluator may take before its audit is inconclusive (default 10 s). */
  timeoutMs?: number;
}

/** An agent's recent decisions against its own baseline, by population stability index. */
export interface DriftTrigger extends TriggerBase {
  /** PSI at or above which the distribution has shifted: (0, 10]; 0.25 is the usual "significant shift". */
  threshold: number;
  /** The recent window (default one hour). */
  windowMs?: number;
  /** The baseline: this long before the window (default seven days). */
  baselineMs?: number;
  /** Fewer actions than this in the window or the baseline: no verdict (default 20). */
  minActions?: number;
  /** How often each agent is checked (default one minute). */
  checkEveryMs?: number;
  dimensions?: DriftDimension[];
}

/** A Slack channel where customers complain; a spike pauses the agent the complaints point at. */
export interface ComplaintsTrigger extends TriggerBase {
  /** Channel id (C...) the supervisor's Slack token must be able to read. */
  channel: string;
  /** Regular expressions (case-insensitive) a complaint matches. */
  patterns: string[];
  /** Complaints about one agent within the window that make a spike (at least 1). */
  threshold: number;
  windowMs?: number;
  /** How often the channel is read (default 30 s; Slack's history tier paces it further). */
  pollMs?: number;
}

export interface SupervisorConfig {
  /** How long after its commit an action is audited (default five minutes). */
  auditDelayMs?: number;
  /** How often the journal is read for newly committed actions (default 250 ms). */
  pollMs?: number;
  /**
   * How long a pause-and-rollback waits for a session's rollback lock held by another (an operator
   * releasing the session's held calls, another rollback) before journaling the rollback pending, to be
   * finished on a later beat (default 30 s, as long as a release waits for a rollback).
   */
  rollbackWaitMs?: number;
  triggers: {
    policy?: PolicyTrigger;
    sampling?: SamplingTrigger;
    drift?: DriftTrigger;
    complaints?: ComplaintsTrigger;
  };
  /** Where findings are announced: a webhook (POST, JSON) and a Slack operations channel. */
  notify?: { webhook?: string; slackChannel?: string };
}

function refuse(message: string, setting: string): never {
  throw new BackspaceError('invalid_config', `supervisor config: ${message}`, { details: { setting } });
}

function number(value: unknown, setting: string, { min, max, minExclusive = false }: { min: number; max: number; minExclusive?: boolean }): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (minExclusive ? value > min : value >= min) && value <= max;
  if (!ok) refuse(`${setting} must be a number in ${minExclusive ? '(' : '['}${min}, ${max}], got ${JSON.stringify(value)}`, setting);
  return value as number;
}

function optionalNumber(value: unknown, setting: string, range: { min: number; max: number; minExclusive?: boolean }): void {
  if (value !== undefined) number(value, setting, range);
}

const DAY = 86_400_000;

/** Checks a configuration and gives it back; throws `invalid_config` naming the first thing wrong. */
export function validateSupervisorConfig(config: SupervisorConfig): SupervisorConfig {
  if (!config || typeof config !== 'object') refuse('expected an object with { triggers }', 'triggers');
  if (!config.triggers || typeof config.triggers !== 'object') refuse('triggers is required: an object naming one or more of ' + TRIGGERS.join(', '), 'triggers');
  for (const name of Object.keys(config.triggers)) {
    if (!TRIGGERS.includes(name as TriggerName)) refuse(`unknown trigger "${name}": the supervisor knows ${TRIGGERS.join(', ')}`, `triggers.${name}`);
  }
  optionalNumber(config.auditDelayMs, 'auditDelayMs', { min: 0, max: 7 * DAY });
  optionalNumber(config.pollMs, 'pollMs', { min: 10, max: 60_000 });
  optionalNumber(config.rollbackWaitMs, 'rollbackWaitMs', { min: 0, max: 600_000 });
  const { policy, sampling, drift, complaints } = config.triggers;
  for (const name of TRIGGERS) {
    const trigger = config.triggers[name] as TriggerBase | undefined;
    if (!trigger) continue;
    if (trigger.response !== undefined && !RESPONSES.includes(trigger.response)) refuse(`triggers.${name}.response must be one of ${RESPONSES.join(', ')}, got ${JSON.stringify(trigger.response)}`, `triggers.${name}.response`);
    if (trigger.agents !== undefined && (!Array.isArray(trigger.agents) || trigger.agents.some((agent) => typeof agent !== 'string' || agent.length === 0))) {
      refuse(`triggers.${name}.agents must be a list of agent ids`, `triggers.${name}.agents`);
    }
  }
  if (policy) validateAuditRules(policy.rules, 'triggers.policy.rules', true);
  if (sampling) {
    number(sampling.rate, 'triggers.sampling.rate', { min: 0, max: 1 });
    optionalNumber(sampling.minConfidence, 'triggers.sampling.minConfidence', { min: 0, max: 1 });
    optionalNumber(sampling.timeoutMs, 'triggers.sampling.timeoutMs', { min: 1, max: 600_000 });
    if (sampling.rules !== undefined) validateAuditRules(sampling.rules, 'triggers.sampling.rules', false);
  }
  if (drift) {
    number(drift.threshold, 'triggers.drift.threshold', { min: 0, max: 10, minExclusive: true });
    optionalNumber(drift.windowMs, 'triggers.drift.windowMs', { min: 100, max: 30 * DAY });
    optionalNumber(drift.baselineMs, 'triggers.drift.baselineMs', { min: 100, max: 365 * DAY });
    optionalNumber(drift.minActions, 'triggers.drift.minActions', { min: 1, max: 1_000_000 });
    optionalNumber(drift.checkEveryMs, 'triggers.drift.checkEveryMs', { min: 10, max: DAY });
    for (const dimension of drift.dimensions ?? []) {
      if (!DRIFT_DIMENSIONS.includes(dimension)) refuse(`unknown drift dimension "${dimension}": one of ${DRIFT_DIMENSIONS.join(', ')}`, 'triggers.drift.dimensions');
    }
  }
  if (complaints) {
    if (typeof complaints.channel !== 'string' || complaints.channel.length === 0) refuse('triggers.complaints.channel must be a Slack channel id', 'triggers.complaints.channel');
    if (!Array.isArray(complaints.patterns) || complaints.patterns.length === 0) refuse('triggers.complaints.patterns must list at least one pattern', 'triggers.complaints.patterns');
    for (const pattern of complaints.patterns) {
      try {
        new RegExp(pattern, 'i');
      } catch (error) {
        refuse(`triggers.complaints.patterns: ${JSON.stringify(pattern)} is not a regular expression (${(error as Error).message})`, 'triggers.complaints.patterns');
      }
    }
    number(complaints.threshold, 'triggers.complaints.threshold', { min: 1, max: 100_000 });
    optionalNumber(complaints.windowMs, 'triggers.complaints.windowMs', { min: 100, max: 30 * DAY });
    optionalNumber(complaints.pollMs, 'triggers.complaints.pollMs', { min: 10, max: DAY });
  }
  if (config.notify?.webhook !== undefined) {
    try {
      const url = new URL(config.notify.webhook);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
    } catch {
      refuse(`notify.webhook must be an http(s) URL, got ${JSON.stringify(config.notify.webhook)}`, 'notify.webhook');
    }
  }
  return config;
}

/** Whether a trigger is on for an agent. */
export function triggerOn(trigger: TriggerBase | undefined, agentId: string | null): boolean {
  if (!trigger || trigger.enabled === false) return false;
  return !trigger.agents || (agentId !== null && trigger.agents.includes(agentId));
}
