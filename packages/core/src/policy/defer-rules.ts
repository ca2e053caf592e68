// Policy rules that hold actions in the session's outbox (deferred effects) instead of asking or refusing.
import type { PolicyDecision, PolicyRule } from './types.js';
import { allow } from './types.js';

/** The name `startSession({ defer: 'irreversible' })` records its deferrals under. */
export const DEFER_IRREVERSIBLE_RULE = 'defer-irreversible';

/**
 * Irreversible actions are held until the session is committed by a person or passes its audit, and
 * dropped if it is rolled back first. Put it before `requireApprovalForIrreversible()` to hold them
 * instead of asking (the first rule that does not allow a call decides).
 */
export function deferIrreversible(): PolicyRule {
  return {
    name: DEFER_IRREVERSIBLE_RULE,
    evaluate: ({ reversibility, action }): PolicyDecision =>
      reversibility === 'irreversible' ? { kind: 'defer', reason: `${action} cannot be undone: held until the session is committed or passes its audit` } : allow,
  };
}
