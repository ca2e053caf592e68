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
}

/** Each agent's drift at `now`, for agents with enough decisions in both periods. */
export function driftScores(decisions: Decision[], options: { now: number; windowMs: number; baselineMs: number; minActions: number; dimensions: readonly DriftDimension[] }): DriftScore[] {
  const windowStart = options.now - options.windowMs;
  const baselineStart = windowStart - options.baselineMs;
  const byAgent = new Map<string, { baseline: Decision[]; recent: Decision[] }>();
  for (const decision of decisions) {
    if (decision.at < baselineStart || decision.at > options.now) continue;
    const periods = byAgent.get(decision.agentId) ?? { baseline: [], recent: [] };
    (decision.at >= windowStart ? periods.recent : periods.baseline).push(decision);
    byAgent.set(decision.agentId, periods);
  }
  const scores: DriftScore[] = [];
  for (const [agentId, { baseline, recent }] of byAgent) {
    if (baseline.length < options.minActions || recent.length < options.minActions) continue;
    const byDimension = Object.fromEntries(options.dimensions.map((dimension) => [dimension, populationStabilityIndex(baseline, recent, dimension)]));
    const [dimension, score] = Object.entries(byDimension).reduce((high, entry) => (entry[1] > high[1] ? entry : high));
    scores.push({ agentId, score, dimension: dimension as DriftDimension, byDimension, baselineActions: baseline.length, recentActions: recent.length, sessions: [...new Set(recent.map((decision) => decision.sessionId))] });
  }
  return scores;
}
