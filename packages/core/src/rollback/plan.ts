// planRollback: read the session from the journal and the current state of what it touched; classify
// each step newest first, without changing anything.
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { resourceKey } from '../contract/resource.js';
import { BackspaceError } from '../errors.js';
import { entryHash } from '../journal/hash-chain.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';
import { assess, project, type FieldCheck, type StepStatus } from './three-way.js';
import { mapConcurrent } from './map-concurrent.js';

export interface PlanOptions {
  /** Run compensations even where others built on the resource (delete instead of the gentler inverse). */
  force?: boolean;
  /** Plan a session that has not ended (the kill switch does this). */
  allowActive?: boolean;
  /** Resource reads in flight while planning (default 32). */
  readConcurrency?: number;
}

export interface PlanStep {
  actionId: string;
  action: string;
  /** `resourceKey()` of the resource. */
  resource: string;
  provider: string;
  status: StepStatus;
  reason: string;
  fields?: FieldCheck[];
  /** The compensation the rollback will run: narrowed for `partial`, the gentler one for an unforced `conflict`. */
  compensation: Compensation | null;
  /** `inverse`, `gentler`, or `none` when nothing will run. */
  remedy: 'inverse' | 'gentler' | 'none';
  /** Order of the action in the journal (higher is newer). */
  seq: number;
  /** A compensation started by an earlier rollback that never recorded its outcome (a crash). */
  interruptedCompensation: boolean;
}

export interface BlastRadius {
  resources: number;
  byProvider: Record<string, number>;
  /** People who saw or touched the resources, where the adapter can tell. */
  actors: string[];
}

export interface RollbackPlan {
  sessionId: string;
  steps: PlanStep[];
  blastRadius: BlastRadius;
  /** What a rollback leaves behind, one human-readable line each. */
  residue: string[];
}

interface CommittedAction {
  committed: JournalEntry;
  compensated: JournalEntry | null;
  interrupted: boolean;
}

export async function loadSession(context: RuntimeContext, sessionId: string, allowActive: boolean): Promise<{ entries: JournalEntry[]; actions: CommittedAction[]; unknown: JournalEntry[] }> {
  if (typeof sessionId !== 'string' || sessionId.length === 0) throw new BackspaceError('session_not_found', 'a session id is required');
  const entries = await context.journal.sessionEntries(sessionId);
  if (entries.length === 0 || !entries.some((entry) => entry.type === 'session.started')) {
    throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`, { details: { sessionId } });
  }
  for (const entry of entries) {
    if (entryHash(entry) !== entry.hash) {
      throw new BackspaceError('journal_tampered', `journal entry ${entry.seq} of session ${sessionId} does not match its hash: it was edited; refusing to roll back`, { details: { seq: entry.seq } });
    }
  }
  if (!allowActive && !entries.some((entry) => entry.type === 'session.ended')) {
    throw new BackspaceError('session_active', `session ${sessionId} is still running; end it first, or pass force`, { details: { sessionId } });
  }
  const byAction = new Map<string, CommittedAction>();
  const compensations = new Map<string, { intent: boolean; done: JournalEntry | null }>();
  const unknown: JournalEntry[] = [];
  for (const entry of entries) {
    if (entry.type === 'action.committed') byAction.set(entry.actionId!, { committed: entry, compensated: null, interrupted: false });
    else if (entry.type === 'action.unknown') unknown.push(entry);
    else if (entry.type === 'compensation.intent') compensations.set(entry.actionId!, { intent: true, done: null });
    else if (entry.type === 'compensation.committed') compensations.set(entry.actionId!, { intent: true, done: entry });
  }
  const settled = new Set([...byAction.keys()]);
  const stillUnknown = unknown.filter((entry) => !settled.has(entry.actionId!));
  for (const [actionId, compensation] of compensations) {
    const action = byAction.get(actionId);
    if (!action) continue;
    action.compensated = compensation.done;
    action.interrupted = compensation.intent && !compensation.done;
  }
  const actions = [...byAction.values()].sort((left, right) => right.committed.seq - left.committed.seq);
  return { entries, actions, unknown: stillUnknown };
}

export async function planRollback(context: RuntimeContext, sessionId: string, options: PlanOptions = {}): Promise<RollbackPlan> {
  const { actions, unknown } = await loadSession(context, sessionId, options.allowActive ?? options.force ?? false);
  const now = context.clock.now();

  // One read per resource, concurrently; older steps on the same resource are planned against the
  // state the newer steps' compensations will leave.
  const resources = new Map<string, { provider: string; compensation: Compensation }>();
  for (const { committed, compensated } of actions) {
    const compensation = (committed.data as { compensation: Compensation | null }).compensation;
    if (!compensation || compensated) continue;
    const key = resourceKey(compensation.resource);
    if (!resources.has(key) && context.registry.hasAdapter(compensation.resource.provider)) resources.set(key, { provider: compensation.resource.provider, compensation });
  }
  const current = new Map<string, Snapshot | null>();
  await mapConcurrent([...resources.entries()], options.readConcurrency ?? 32, async ([key, { compensation }]) => {
    const adapter = context.registry.adapter(compensation.resource.provider);
    current.set(key, await withRetry(() => adapter.read(compensation.resource), context.clock, context.retry));
  });

  const steps: PlanStep[] = [];
  const residue: string[] = [];
  const actors = new Set<string>();
  const byProvider: Record<string, Set<string>> = {};
  for (const { committed, compensated, interrupted } of actions) {
    const data = committed.data as { compensation: Compensation | null; reversibility: string };
    const compensation = data.compensation;
    const provider = committed.action!.split('.')[0]!;
    const key = committed.resource ?? (compensation ? resourceKey(compensation.resource) : '');
    (byProvider[provider] ??= new Set()).add(key);
    const step: PlanStep = { actionId: committed.actionId!, action: committed.action!, resource: key, provider, status: 'undo', reason: '', compensation: null, remedy: 'none', seq: committed.seq, interruptedCompensation: interrupted };
    steps.push(step);
    if (compensated) {
      Object.assign(step, { status: 'already-undone', reason: `undone by an earlier rollback at ${compensated.at}` });
      continue;
    }
    if (!compensation) {
      Object.assign(step, { status: 'irreversible', reason: `${committed.action} has no inverse` });
      residue.push(`${committed.action} on ${key}: irreversible, nothing can undo it`);
      continue;
    }
    if (compensation.reversibleUntil && Date.parse(compensation.reversibleUntil) < now) {
      Object.assign(step, { status: 'expired', reason: `its inverse stopped working at ${compensation.reversibleUntil}` });
      residue.push(`${committed.action} on ${key}: the inverse expired at ${compensation.reversibleUntil}`);
      continue;
    }
    if (!context.registry.hasAdapter(compensation.resource.provider)) {
      Object.assign(step, { status: 'conflict', reason: `no ${compensation.resource.provider} adapter is registered to undo it` });
      residue.push(`${committed.action} on ${key}: no adapter registered to undo it`);
      continue;
    }
    const state = current.get(key) ?? null;
    const adapter = context.registry.adapter(compensation.resource.provider);
    if (state && adapter.actors) adapter.actors(state).forEach((actor) => actors.add(actor));
    const assessment = assess(compensation, state);
    Object.assign(step, { status: assessment.status, reason: assessment.reason, ...(assessment.fields ? { fields: assessment.fields } : {}) });
    const chosen = chooseRemedy(compensation, assessment.status, assessment.restore, options.force ?? false);
    step.compensation = chosen.compensation;
    step.remedy = chosen.remedy;
    if (chosen.compensation) {
      current.set(key, project(state, chosen.compensation, assessment.restore));
      if (chosen.compensation.residue) residue.push(chosen.compensation.residue);
    }
    if (assessment.status === 'conflict' && chosen.remedy === 'gentler') step.reason += `; using the gentler inverse: ${chosen.compensation!.description}`;
    if (assessment.status === 'conflict' && chosen.remedy === 'none') residue.push(`${committed.action} on ${key}: left in place, ${assessment.reason}`);
    if (assessment.status === 'gone') residue.push(`${committed.action} on ${key}: ${assessment.reason}`);
  }
  for (const entry of unknown) residue.push(`${entry.action} (key ${entry.idempotencyKey}): outcome unknown; run the same call again to reconcile it before rolling back`);

  const providers = Object.fromEntries(Object.entries(byProvider).map(([provider, keys]) => [provider, keys.size]));
  return {
    sessionId,
    steps,
    blastRadius: { resources: Object.values(providers).reduce((sum, count) => sum + count, 0), byProvider: providers, actors: [...actors].sort() },
    residue,
  };
}

function chooseRemedy(compensation: Compensation, status: StepStatus, restore: string[] | undefined, force: boolean): { compensation: Compensation | null; remedy: PlanStep['remedy'] } {
  if (status === 'undo' || status === 'partial') {
    if (compensation.strategy !== 'restore-fields') return { compensation, remedy: 'inverse' };
    const values = Object.fromEntries((restore ?? []).map((field) => [field, compensation.pre?.[field] ?? null]));
    return { compensation: { ...compensation, fields: restore ?? [], input: { ...(compensation.input as object), values }, expect: { fields: values } }, remedy: 'inverse' };
  }
  if (status === 'conflict' && compensation.strategy === 'guarded') {
    if (force) return { compensation, remedy: 'inverse' };
    if (compensation.gentler) return { compensation: compensation.gentler, remedy: 'gentler' };
  }
  return { compensation: null, remedy: 'none' };
}
