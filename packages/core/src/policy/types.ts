// Policy rules: consulted before any snapshot or write; the first non-allow answer wins.
import type { Reversibility } from '../contract/reversibility.js';

export interface SessionSoFar {
  id: string;
  agentId: string;
  /** Actions committed or attempted in this session. */
  actions: number;
  /** Distinct resources touched, as resource keys. */
  resources: ReadonlySet<string>;
  /** Distinct resources touched per provider. */
  resourcesByProvider: Readonly<Record<string, number>>;
}

export interface PolicyContext {
  action: string;
  provider: string;
  reversibility: Reversibility;
  input: unknown;
  valueAtRisk: number | undefined;
  confidence: number | undefined;
  session: SessionSoFar;
  /** Milliseconds on the runtime's clock. */
  now: number;
  /**
   * True when the runtime only asks what the rule would decide (`runtime.checkPolicy`) and the call
   * may never run: a rule that keeps history (a rate cap) must not count it.
   */
  dryRun?: boolean;
}

export type PolicyDecision =
  | { kind: 'allow' }
  | { kind: 'block'; reason: string }
  | { kind: 'require-approval'; reason: string }
  /**
   * Hold the call in the session's outbox instead of sending it: journaled, sent only when a person
   * commits the session or it passes the supervisor's audit, dropped by a rollback before then.
   */
  | { kind: 'defer'; reason: string };

export interface PolicyRule {
  /** Named in every journaled decision. */
  name: string;
  evaluate(context: PolicyContext): PolicyDecision | Promise<PolicyDecision>;
}

export const allow: PolicyDecision = { kind: 'allow' };
