// Evaluators re-judge a sampled action after the fact. One that throws, hangs past its time or answers
// nonsense gives an inconclusive verdict: never a silent pass, and never the supervisor's end.
import type { AuditSubject } from './subject.js';

export interface Verdict {
  verdict: 'pass' | 'fail';
  /** 0 to 1. */
  confidence: number;
  reason: string;
}

/**
 * An async function from the journaled action (its input, the agent's reasoning, pre- and post-state)
 * to a verdict. `signal` aborts when the supervisor stops waiting for it.
 */
export type Evaluator = (subject: AuditSubject, signal: AbortSignal) => Promise<Verdict>;

export type EvaluationOutcome =
  | { kind: 'pass'; verdict: Verdict }
  | { kind: 'fail'; verdict: Verdict }
  | { kind: 'inconclusive'; reason: string; verdict?: Verdict };

/** Runs an evaluator under a deadline and judges its answer against `minConfidence`. */
export async function evaluate(evaluator: Evaluator, subject: AuditSubject, { timeoutMs, minConfidence }: { timeoutMs: number; minConfidence: number }): Promise<EvaluationOutcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the evaluator gave no verdict within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  let verdict: Verdict;
  try {
    verdict = await Promise.race([Promise.resolve().then(() => evaluator(subject, controller.signal)), deadline]);
  } catch (error) {
    return { kind: 'inconclusive', reason: `evaluator failed: ${(error as Error)?.message ?? String(error)}` };
  } finally {
    clearTimeout(timer);
  }
  const shapeProblem = verdictProblem(verdict);
  if (shapeProblem) return { kind: 'inconclusive', reason: `evaluator answered ${shapeProblem}` };
  if (verdict.verdict === 'pass') return { kind: 'pass', verdict };
  if (verdict.confidence < minConfidence) return { kind: 'inconclusive', reason: `a fail verdict at confidence ${verdict.confidence}, below ${minConfidence}: ${verdict.reason}`, verdict };
  return { kind: 'fail', verdict };
}

function verdictProblem(verdict: unknown): string | null {
  const candidate = verdict as Partial<Verdict> | null;
  if (!candidate || typeof candidate !== 'object') return `${JSON.stringify(verdict) ?? 'nothing'} instead of a verdict`;
  if (candidate.verdict !== 'pass' && candidate.verdict !== 'fail') return `verdict ${JSON.stringify(candidate.verdict)}, neither pass nor fail`;
  if (typeof candidate.confidence !== 'number' || !(candidate.confidence >= 0 && candidate.confidence <= 1)) return `confidence ${JSON.stringify(candidate.confidence)}, not in [0, 1]`;
  if (typeof candidate.reason !== 'string') return 'a verdict without a reason';
  return null;
}
