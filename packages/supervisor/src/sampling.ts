// Which actions are sampled for re-evaluation: a hash of the seed and the action id, so the sample is
// the same on every supervisor and on a replay, and each audit records whether its action was sampled.
import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by the seed and the action id. */
export function sampleDraw(seed: string, actionId: string): number {
  return createHash('sha256').update(`${seed}\n${actionId}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function isSampled(rate: number, seed: string, actionId: string): boolean {
  return rate > 0 && sampleDraw(seed, actionId) < rate;
}
