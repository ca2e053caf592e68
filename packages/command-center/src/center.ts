// What the command center works with: the same runtime, journal and adapters as the CLI, who the operator
// is, and the state it keeps while it runs (the journal's integrity, rollbacks in progress).
import type { Adapter, ContentProtection, Keyring, Runtime } from '@backspace/core';
import { JournalIntegrity } from './integrity.js';
import { RollbackJobs } from './rollback-jobs.js';

export interface CommandCenterOptions {
  /** The runtime over the journal and the enabled adapters (tokens stay inside it). */
  runtime: Runtime;
  /**
   * The runtime the plan pages plan with: best over the same journal opened read-only (`backspace serve`
   * does), as a page one opens must never write. Defaults to `runtime`; they plan with `settle: false` either way.
   */
  planRuntime?: Runtime;
  /** Adapters that name resources as people know them (describe); nothing is called through them. */
  namingAdapters?: Adapter[];
  /**
   * Adapters with their tokens, asked once per page (lookupNames) for names no snapshot holds: a Slack
   * message's channel (#general), people in a blast radius. Without them pages show those ids.
   */
  lookupAdapters?: Adapter[];
  /** How long a page waits for those names before it shows ids (default core's, 5 s). */
  nameLookupTimeoutMs?: number;
  /** Opens sealed journal content; without it sealed content shows as unreadable. */
  content?: ContentProtection | null;
  /** The trusted writers, so verify also checks who wrote each entry. */
  keyring?: Keyring | null;
  /** The checkpoint file verify checks the journal against. */
  checkpoints?: string | null;
  /** Who decides approvals, kills and rollbacks from this command center (kept in the journal). */
  operator: string;
  /** Called before a session is planned or rolled back (the CLI checks a demo's simulators answer). */
  beforePlan?: (sessionId: string) => Promise<void>;
  /** How long a verify result is shown before the chain is walked again (default 10 s). */
  verifyMaxAgeMs?: number;
}

export interface Center {
  options: CommandCenterOptions;
  runtime: Runtime;
  integrity: JournalIntegrity;
  jobs: RollbackJobs;
  /** Sent with every state-changing request; see security.ts. */
  csrfToken: string;
}

export function createCenter(options: CommandCenterOptions, csrfToken: string): Center {
  return {
    options,
    runtime: options.runtime,
    integrity: new JournalIntegrity(options.runtime.journal, { keyring: options.keyring ?? null, checkpoints: options.checkpoints ?? null }, options.verifyMaxAgeMs ?? 10_000),
    jobs: new RollbackJobs(),
    csrfToken,
  };
}
