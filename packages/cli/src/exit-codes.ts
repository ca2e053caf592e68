// The `backspace` exit codes, documented in the CLI's help and README: what an operator at 3 a.m., or a
// script, must look at next.
import type { RollbackReport } from '@backspace/core';

export const EXIT = {
  /** Done: for `rollback`, everything planned was undone (or corrected with a gentler inverse, or nothing to do). */
  ok: 0,
  /** The command failed: bad input, an unknown or ambiguous session, agent or kill, the journal unreachable, ... */
  error: 1,
  /** `rollback`: something is left in conflict (others built on it); a person decides. */
  conflicts: 3,
  /** `rollback`: a step failed or its provider could not be reached; roll back again. Wins over 3. */
  retry: 4,
  /** `rollback`: nothing was run because nobody confirmed (answered no, or no terminal to ask and no --yes). */
  refused: 5,
} as const;

/** Error codes with an exit code of their own; every other error exits 1. */
const EXIT_OF_ERROR: Record<string, number> = { confirmation_required: EXIT.refused };

export function exitCodeOf(errorCode: string): number {
  return EXIT_OF_ERROR[errorCode] ?? EXIT.error;
}

export function rollbackExitCode(report: RollbackReport): number {
  if (report.counts.failed + report.counts.unreachable > 0) return EXIT.retry;
  if (report.counts.conflicts > 0) return EXIT.conflicts;
  return EXIT.ok;
}

/** The table `backspace --help` ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done (rollback: everything planned was undone, or corrected with a gentler inverse)
  1  the command failed: bad input, unknown or ambiguous id, no such agent or kill, journal unreachable
  3  rollback: something is left in conflict (others built on it); read the report, decide, or --force
  4  rollback: a step failed or its provider could not be reached; roll back again (4 wins over 3)
  5  rollback: refused, nothing run: not confirmed (no terminal to ask: pass --yes)`;
