// createRuntime: the public entry point agent frameworks call; sessions, actions, rollback, guardrails.
import { randomUUID } from 'node:crypto';
import type { Adapter } from '../contract/adapter.js';
import type { ActionInput, ActionResult } from '../contract/action.js';
import { systemClock, type Clock } from '../contract/clock.js';
import type { Json } from '../contract/json.js';
import type { JournalStore } from '../contract/journal.js';
import type { PolicyRule } from '../policy/types.js';
import { defaultPolicy, validatePolicy } from '../policy/rules.js';
import { createApprovals, type Approvals } from './approvals.js';
import { createSupervision, type Supervision } from './supervision.js';
import { createOutbox, type Outbox } from './outbox.js';
import { secretScrubbingAppend, type RuntimeContext } from './context.js';
import { isKillScope, KillSwitch, type ActiveKill, type KillScope } from './kill-switch.js';
import { SessionEnds } from './session-ends.js';
import { InFlightCalls } from './in-flight-calls.js';
import { ActionRegistry, type ActionListing } from './registry.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { runAction, type RunOptions } from './run-action.js';
import { SessionState } from './session-state.js';
import { callInputHash, checkPolicy, type PolicyCheck } from './check-policy.js';
import { MAX_SESSIONS_PER_ROLLBACK, planRollback, planSessions, type PlanOptions, type RollbackPlan } from '../rollback/plan.js';
import { rollback, rollbackSessions, type RollbackOptions, type RollbackReport } from '../rollback/run.js';
import { incidentSessions, type IncidentScope } from '../rollback/incident.js';
import { scrubSecrets, toJson } from './redact.js';
import { withoutSecrets } from './without-secrets.js';
import { BackspaceError } from '../errors.js';
import { writeCheckpoint } from '../journal/audit.js';
import { openData, validateContentProtection, type ContentProtection } from '../journal/sealing.js';
import { validateIdentity, validateKeyring, type Keyring, type WriterIdentity } from '../journal/writers.js';

export interface RuntimeOptions<Adapters extends readonly Adapter[] = Adapter[]> {
  journal: JournalStore;
  /** Typed adapters (their actions written with `actionsFor`) type `session.run` by action name. */
  adapters: Adapters;
  /** Ordered rules; defaults to `defaultPolicy()` (approval for irreversible actions). Pass [] for none. */
  policy?: PolicyRule[];
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** How long another process's intent without outcome counts as in flight before it is reconciled. */
  inFlightTimeoutMs?: number;
  /** How often the kill switch is re-read from the shared journal. */
  killSwitchPollMs?: number;
  /**
   * The writer this process appends as (an agent, an operator or the supervisor), with its Ed25519
   * key: every entry it writes is signed. See `createWriterKey`.
   */
  writer?: WriterIdentity;
  /**
   * The trusted writers' public keys. When given, this runtime acts only on entries that verify
   * against it: kill and resume from operators, approvals from an operator other than the agent that
   * asked, compensations staged by the session's own agent. Keep it where agents cannot change it.
   */
  keyring?: Keyring;
  /** How long an approval stays usable when the approver gives no expiry (default one hour). */
  approvalTtlMs?: number;
  /**
   * Content at rest: `encrypt` seals inputs, results, states, inverses and reasoning (AES-256-GCM);
   * `redact` drops what only explains and seals what a rollback needs. Keys rotate by id; dropping an
   * old key ends its content's retention. Every process that reads the content needs the keys.
   */
  content?: ContentProtection;
  /**
   * A checkpoint file outside the journal (another disk, a mounted object store): after each rollback,
   * kill and resume this runtime appends the journal's head to it, signed by its writer, so `verify`
   * can tell a truncated, emptied or re-chained journal. Meant for operators' and the supervisor's
   * processes, not agents'.
   */
  checkpoints?: string;
}

export interface StartSessionOptions {
  agentId: string;
  reason?: string;
  correlationId?: string;
  metadata?: Record<string, unknown>;
  /**
   * `irreversible`: hold this session's irreversible actions in its outbox instead of sending them (or
   * asking for approval): journaled, sent only when a person commits the session (`runtime.outbox.release`,
   * `backspace release`) or it passes the supervisor's audit, dropped by a rollback before then.
   */
  defer?: 'irreversible';
}

/**
 * `Actions`: the actions by name (`ActionsByName`) when the runtime's adapters are typed; `run` then
 * takes only their names, each with its own input, and answers its result. Untyped (the default, and
 * what any typed session can be passed as) takes any name.
 */
export interface Session<Actions = any> {
  readonly id: string;
  readonly agentId: string;
  run<Result = unknown>(action: AnyActionName<Actions>, input: unknown, options?: RunOptions): Promise<Result>;
  run<Name extends keyof Actions & string>(action: Name, input: ActionInput<Actions[Name]>, options?: RunOptions): Promise<ActionResult<Actions[Name]>>;
  end(): Promise<void>;
}

/** Any name where the actions are not known by name (an untyped adapter among them); none otherwise. */
type AnyActionName<Actions> = string extends keyof Actions ? string : [keyof Actions] extends [never] ? string : never;

/** The actions of a runtime's adapters, by name: what a typed `session.run` takes. */
export type ActionsByName<Adapters extends readonly Adapter[]> = {
  [Action in Adapters[number]['actions'][number] as Action['name']]: Action;
};

export interface KillOptions {
  scope: KillScope;
  reason: string;
  by: string;
  /**
   * Roll back the sessions in scope that this runtime can find in the journal, as one incident (up to
   * 50 sessions a rollback, newest first): one report per rollback.
   */
  rollback?: boolean;
  /** What each of those rollbacks tells as it goes (its wait for writes in flight, its steps). */
  rollbackOptions?: Pick<RollbackOptions, 'onWaiting' | 'onProgress'>;
}

export interface Runtime<Actions = any> {
  startSession(options: StartSessionOptions): Promise<Session<Actions>>;
  /** Every action as a tool: name valid for any model API, descriptions, JSON Schema input, undo story. */
  listActions(): ActionListing[];
  /**
   * What `session.run(action, input, options)` would decide before writing: allow, require approval
   * (with the reason) or block. Journals nothing and calls no provider; invalid input throws
   * `invalid_input` without a `rejected` entry.
   */
  checkPolicy(session: Session<any>, action: string, input: unknown, options?: RunOptions): Promise<PolicyCheck>;
  /**
   * The hash a call's input is journaled under (an intent's `inputHash`), of the input as the action's
   * validation gives it: two calls under one key are the same call when action and hash match.
   * Invalid input throws `invalid_input`, as `checkPolicy` does.
   */
  inputHash(action: string, input: unknown): string;
  /**
   * Ends a session whose agent is gone (crashed or killed before it could end it), so it can be planned
   * and rolled back without `force`, which would also override people's work. False when it had
   * already ended.
   */
  endSession(sessionId: string, options: { by: string; reason?: string }): Promise<boolean>;
  planRollback(sessionId: string, options?: PlanOptions): Promise<RollbackPlan>;
  rollback(sessionId: string, options?: RollbackOptions): Promise<RollbackReport>;
  /**
   * Every session of the incident (its agents in a time window, or sharing a correlation id) planned as
   * one: steps newest first across sessions, `sessions` newest first.
   */
  planIncident(scope: IncidentScope, options?: PlanOptions): Promise<RollbackPlan>;
  /** Rolls the incident's sessions back as one, each session's rollback lock held throughout; one report. */
  rollbackIncident(scope: IncidentScope, options?: RollbackOptions): Promise<RollbackReport>;
  kill(options: KillOptions): Promise<{ rolledBack: RollbackReport[] }>;
  resume(options: { scope: KillScope; by: string; reason?: string }): Promise<void>;
  /** The kills in force now, as every process sharing the journal sees them (read afresh). */
  activeKills(): Promise<ActiveKill[]>;
  readonly approvals: Approvals;
  /** The supervisor's audits, findings, responses and false alarms (see @backspace/supervisor). */
  readonly supervision: Supervision;
  /** Calls sessions held (deferred effects): listed, and released when a person commits the session. */
  readonly outbox: Outbox;
  readonly journal: JournalStore;
}

export function createRuntime<Adapters extends readonly Adapter[]>(options: RuntimeOptions<Adapters>): Runtime<ActionsByName<Adapters>> {
  if (!options || typeof options.journal?.append !== 'function') {
    throw new TypeError('createRuntime needs { journal }: a journal store such as createSqliteJournal({ path })');
  }
  const registry = new ActionRegistry([...(options.adapters ?? [])]);
  const writer = options.writer ? validateIdentity(options.writer) : null;
  const keyring = options.keyring ? validateKeyring(options.keyring) : null;
  const content = options.content ? validateContentProtection(options.content) : null;
  const killSwitch = new KillSwitch(options.journal, options.killSwitchPollMs, keyring);
  const clock = options.clock ?? systemClock;
  const context: RuntimeContext = {
    journal: options.journal,
    registry,
    clock,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    policy: options.policy === undefined ? defaultPolicy() : validatePolicy(options.policy),
    killSwitch,
    sessionEnds: new SessionEnds(options.journal, options.killSwitchPollMs, keyring),
    running: new InFlightCalls(killSwitch, options.killSwitchPollMs ?? 200),
    instanceId: randomUUID(),
    inFlightTimeoutMs: options.inFlightTimeoutMs ?? 60_000,
    inFlight: new Set(),
    append: secretScrubbingAppend(options.journal, registry, clock, writer, content),
    content,
    open: (entry) => (content ? openData(entry.data, entry.type, content) : entry.data),
    writer,
    keyring,
    approvalTtlMs: options.approvalTtlMs ?? 3_600_000,
  };

  // Nothing leaves the runtime holding a secret an adapter can reach: errors, plans and reports alike.
  const scrubbed = async <T>(work: Promise<T>): Promise<T> => {
    try {
      const value = await work;
      const secrets = registry.secrets();
      return secrets.length === 0 || value === undefined ? value : (scrubSecrets(value as Json, secrets) as T);
    } catch (error) {
      throw withoutSecrets(error, registry.secrets());
    }
  };
  const checkpoint = async () => {
    if (options.checkpoints) await writeCheckpoint(options.journal, options.checkpoints, writer, new Date(clock.now()));
  };

  // The state behind each session handed out, for checkPolicy; a session object from elsewhere has none.
  const states = new WeakMap<Session, SessionState>();

  const runtime: Runtime<any> = {
    journal: options.journal,
    approvals: withCheckpoints(createApprovals(context), checkpoint),
    supervision: createSupervision(context),
    outbox: createOutbox(context),
    listActions: () => registry.list(),
    async startSession(start) {
      if (!start || typeof start.agentId !== 'string' || start.agentId.length === 0) {
        throw new TypeError('startSession needs { agentId }: a non-empty string naming the agent');
      }
      if (start.defer !== undefined && start.defer !== 'irreversible') throw new TypeError(`startSession: defer must be 'irreversible' (or absent), not ${JSON.stringify(start.defer)}`);
      const state = new SessionState(randomUUID(), start.agentId, start.correlationId ?? null);
      state.deferIrreversible = start.defer === 'irreversible';
      const started = await context.append({
        type: 'session.started',
        sessionId: state.id,
        agentId: state.agentId,
        correlationId: state.correlationId,
        data: { reason: start.reason ?? null, metadata: toJson(start.metadata ?? {}) as Json, ...(state.deferIrreversible ? { defer: 'irreversible' } : {}) },
      });
      context.sessionEnds.watch(state.id, started.seq);
      const session: Session<any> = {
        id: state.id,
        agentId: state.agentId,
        run: (action: string, input: unknown, runOptions?: RunOptions) => runAction(context, state, action, input, runOptions).catch((error: unknown) => {
          throw withoutSecrets(error, registry.secrets());
        }) as never,
        async end() {
          if (state.ended) return;
          state.ended = true;
          await context.append({ type: 'session.ended', sessionId: state.id, agentId: state.agentId, correlationId: state.correlationId, data: { actions: state.actions } });
        },
      };
      states.set(session, state);
      return session;
    },
    async checkPolicy(session, action, input, runOptions) {
      const state = states.get(session);
      if (!state) throw new BackspaceError('session_not_found', 'checkPolicy needs a session this runtime started (runtime.startSession)');
      return checkPolicy(context, state, action, input, runOptions).catch((error: unknown) => {
        throw withoutSecrets(error, registry.secrets());
      });
    },
    inputHash(action, input) {
      try {
        return callInputHash(context, action, input);
      } catch (error) {
        throw withoutSecrets(error, registry.secrets());
      }
    },
    async endSession(sessionId, { by, reason } = { by: '' }) {
      if (typeof by !== 'string' || by.length === 0) throw new TypeError('endSession needs { by }: who ends the session');
      const entries = await options.journal.sessionEntries(sessionId);
      const started = entries.find((entry) => entry.type === 'session.started');
      if (!started) throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`, { details: { sessionId } });
      if (entries.some((entry) => entry.type === 'session.ended')) return false;
      const actions = entries.filter((entry) => entry.type === 'action.committed').length;
      await context.append({ type: 'session.ended', sessionId, agentId: started.agentId, correlationId: started.correlationId, data: { actions, endedBy: by, reason: reason ?? null } });
      return true;
    },
    planRollback: (sessionId, planOptions) => scrubbed(planRollback(context, sessionId, planOptions)),
    async rollback(sessionId, rollbackOptions) {
      const report = await scrubbed(rollback(context, sessionId, rollbackOptions));
      await checkpoint();
      return report;
    },
    planIncident: async (scope, planOptions) => scrubbed(planSessions(context, (await incidentSessions(options.journal, scope)).map((session) => session.id), planOptions)),
    async rollbackIncident(scope, rollbackOptions) {
      const sessions = await incidentSessions(options.journal, scope);
      const report = await scrubbed(rollbackSessions(context, sessions.map((session) => session.id), rollbackOptions));
      await checkpoint();
      return report;
    },
    async kill({ scope, reason, by, rollback: alsoRollback, rollbackOptions }) {
      validateScope(scope);
      await context.append({ type: 'kill', sessionId: typeof scope === 'object' && 'sessionId' in scope ? scope.sessionId : null, data: { scope, reason, ...signedBy(context, by) } as Json });
      await context.killSwitch.refresh(true);
      await checkpoint();
      if (!alsoRollback) return { rolledBack: [] };
      const sessions = await options.journal.sessions(typeof scope === 'object' && 'agentId' in scope ? { agentId: scope.agentId } : {});
      const inScope = sessions
        .filter((session) => scope === 'all' || !('sessionId' in scope) || session.id === scope.sessionId)
        .sort((left, right) => Date.parse(right.startedAt) - Date.parse(left.startedAt))
        .map((session) => session.id);
      // As one incident (newest first, as many sessions as one rollback takes at a time): sessions that
      // ran at once come off in the order they wrote; one at a time, each met the other's edits and stayed.
      const rolledBack: RollbackReport[] = [];
      for (let at = 0; at < inScope.length; at += MAX_SESSIONS_PER_ROLLBACK) {
        rolledBack.push(await rollbackSessions(context, inScope.slice(at, at + MAX_SESSIONS_PER_ROLLBACK), { ...rollbackOptions, force: false, allowActive: true }));
      }
      await checkpoint();
      return { rolledBack };
    },
    async resume({ scope, by, reason }) {
      validateScope(scope);
      await context.append({ type: 'resume', data: { scope, ...signedBy(context, by), reason: reason ?? null } as Json });
      await context.killSwitch.refresh(true);
      await checkpoint();
    },
    async activeKills() {
      await context.killSwitch.refresh(true);
      return context.killSwitch.list();
    },
  };
  // Typed by its adapters' actions for callers; one runtime underneath, which checks every input anyway.
  return runtime;
}

/** Approvals whose decisions are each followed by a checkpoint. */
function withCheckpoints(approvals: Approvals, checkpoint: () => Promise<void>): Approvals {
  return {
    list: () => approvals.list(),
    approve: async (requestId, decision) => {
      await approvals.approve(requestId, decision);
      await checkpoint();
    },
    deny: async (requestId, decision) => {
      await approvals.deny(requestId, decision);
      await checkpoint();
    },
  };
}

/** `by` as recorded: the signing writer when there is one (the name given kept beside it), else the name. */
function signedBy(context: RuntimeContext, by: string): Record<string, string> {
  if (!context.writer) return { by };
  return context.writer.id === by ? { by } : { by: context.writer.id, givenBy: by };
}

function validateScope(scope: KillScope): void {
  if (!isKillScope(scope)) throw new BackspaceError('invalid_input', `kill scope must be 'all', { agentId } or { sessionId } with a non-empty id, got ${JSON.stringify(scope)}`);
}
