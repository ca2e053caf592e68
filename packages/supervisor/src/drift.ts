// Drift: how far an agent's recent decisions have moved from its own baseline, by population
// stability index (PSI) per dimension. For each dimension the decisions are counted into bins (an
// action name, a provider, a reversibility class, a value-at-risk band, a four-hour band of the UTC
// day), and
//
//   PSI = sum over bins of (recent% - baseline%) * ln(recent% / baseline%)
//
// with empty bins counted as 0.0001 so a bin new in the window scores instead of dividing by zero.
// The usual reading: under 0.1 no change, 0.1 to 0.25 a moderate shift, 0.25 and above significant.
// The agent's score is its highest dimension's; at or above the configured threshold it is a finding.
//
// A decision counts toward one drift finding of its agent only, as a complaint counts toward one
// spike: a finding records the journal seq through which it counted the agent's window
// (`throughSeq`), and later reads leave those decisions out of the window. Drift that persists
// (the same decisions read again on a later beat, by this supervisor or another, after a restart, in
// a later hour) is the finding already made, and an agent a person resumed stays resumed. New
// evidence is decisions the agent committed after the ones counted: at least `minActions` of them in
// the window that, on their own, drift from the baseline are a new finding.
import type { Finding } from '@backspace/core';

export const DRIFT_DIMENSIONS = ['action', 'provider', 'reversibility', 'valueAtRisk', 'timeOfDay'] as const;
export type DriftDimension = (typeof DRIFT_DIMENSIONS)[number];

/** One committed decision, as drift counts it. */
export interface Decision {
  agentId: string;
  sessionId: string;
  /** ms since the epoch */
  at: number;
  action: string;
  reversibility: string | null;
  valueAtRisk: number | null;
  /** The committed entry's journal seq: what a finding's `throughSeq` is compared with. */
  seq?: number;
}

const EMPTY_BIN = 0.0001;

function bin(decision: Decision, dimension: DriftDimension): string {
  switch (dimension) {
    case 'action':
      return decision.action;
    case 'provider':
      return decision.action.slice(0, decision.action.indexOf('.'));
    case 'reversibility':
      return decision.reversibility ?? 'unknown';
    case 'valueAtRisk': {
      const value = decision.valueAtRisk;
      if (value === null) return 'none';
      const band = [0, 10, 100, 1_000, 10_000].find((limit) => value <= limit);
      return band === undefined ? '>10000' : `<=${band}`;
    }
    case 'timeOfDay':
      return `${Math.floor(new Date(decision.at).getUTCHours() / 4) * 4}h`;
  }
}

function shares(decisions: Decision[], dimension: DriftDimension): Map<string, number> {
  const counts = new Map<string, number>();
  for (const decision of decisions) counts.set(bin(decision, dimension), (counts.get(bin(decision, dimension)) ?? 0) + 1);
  return new Map([...counts].map(([key, count]) => [key, count / decisions.length]));
}

/** PSI of `recent` against `baseline` on one dimension. */
export function populationStabilityIndex(baseline: Decision[], recent: Decision[], dimension: DriftDimension): number {
  const before = shares(baseline, dimension);
  const now = shares(recent, dimension);
  let index = 0;
  for (const key of new Set([...before.keys(), ...now.keys()])) {
    const expected = Math.max(before.get(key) ?? 0, EMPTY_BIN);
    const actual = Math.max(now.get(key) ?? 0, EMPTY_BIN);
    index += (actual - expected) * Math.log(actual / expected);
  }
  return index;
}

export interface DriftScore {
  agentId: string;
  /** The highest dimension's PSI. */
  score: number;
  dimension: DriftDimension;
  byDimension: Record<string, number>;
  baselineActions: number;
  recentActions: number;
  /** Sessions with decisions in the window. */
  sessions: string[];
  /** The journal seqs of the oldest and the newest decision counted in the window (null without seqs). */
  firstSeq: number | null;
  throughSeq: number | null;
}

/**
 * Each agent's drift at `now`, for agents with enough decisions in both periods. `countedThrough`
 * gives, per agent, the seq through which an earlier finding counted its decisions: those are left
 * out of the window (a decision without a seq is never left out).
 */
export function driftScores(decisions: Decision[], options: { now: number; windowMs: number; baselineMs: number; minActions: number; dimensions: readonly DriftDimension[]; countedThrough?: (agentId: string) => number }): DriftScore[] {
  const windowStart = options.now - options.windowMs;
  const baselineStart = windowStart - options.baselineMs;
  const byAgent = new Map<string, { baseline: Decision[]; recent: Decision[] }>();
  for (const decision of decisions) {
    if (decision.at < baselineStart || decision.at > options.now) continue;
    const periods = byAgent.get(decision.agentId) ?? { baseline: [], recent: [] };
    if (decision.at < windowStart) periods.baseline.push(decision);
    else if (decision.seq === undefined || !options.countedThrough || decision.seq > options.countedThrough(decision.agentId)) periods.recent.push(decision);
    byAgent.set(decision.agentId, periods);
  }
  const scores: DriftScore[] = [];
  for (const [agentId, { baseline, recent }] of byAgent) {
    if (baseline.length < options.minActions || recent.length < options.minActions) continue;
    const byDimension = Object.fromEntries(options.dimensions.map((dimension) => [dimension, populationStabilityIndex(baseline, recent, dimension)]));
    const [dimension, score] = Object.entries(byDimension).reduce((high, entry) => (entry[1] > high[1] ? entry : high));
    let firstSeq: number | null = null;
    let throughSeq: number | null = null;
    for (const { seq } of recent) {
      if (seq === undefined) continue;
      if (firstSeq === null || seq < firstSeq) firstSeq = seq;
      if (throughSeq === null || seq > throughSeq) throughSeq = seq;
    }
    scores.push({
      agentId,
      score,
      dimension: dimension as DriftDimension,
      byDimension,
      baselineActions: baseline.length,
      recentActions: recent.length,
      sessions: [...new Set(recent.map((decision) => decision.sessionId))],
      firstSeq,
      throughSeq,
    });
  }
  return scores;
}

/**
 * Per agent, the seq through which its drift findings counted its decisions, false alarms included
 * (each decision was counted once). A finding recorded before drift findings carried `throughSeq`
 * (named `drift:<agent>:<time bucket>`) is taken to have counted what was journaled before it.
 */
export function countedDecisions(findings: Finding[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const finding of findings) {
    if (finding.trigger !== 'drift' || !finding.agentId) continue;
    const through = (finding.evidence as { throughSeq?: unknown } | null)?.throughSeq;
    const seq = typeof through === 'number' ? through : finding.seq;
    counted.set(finding.agentId, Math.max(counted.get(finding.agentId) ?? 0, seq));
  }
  return counted;
}
