// planRollback: read the session from the journal and the current state of what it touched; classify
// each step newest first, without changing anything.
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import { resourceKey } from '../contract/resource.js';
import type { RuntimeContext } from '../runtime/context.js';
import { planMark } from './plan-age.js';
import { replanned } from './planned-state.js';
import { assess, foreignContents, itemsInside, markChangedByOthers, matchesExpectation, project, type FieldCheck, type StepStatus } from './three-way.js';
import { readPlannedResources, type PlannedResources } from './read-planned.js';
import { loadSessions, newestFirst, requireIntactJournal } from './load-session.js';
import { selectActions, type LeftOutStep, type SessionAction, type StepSelection } from './select-steps.js';
import { planWithCascades, type CascadeSession } from './cascades.js';
import { heldWhole, LaterSessionWrites, whoWrote } from './later-sessions.js';
import { EarlierRollbacks } from './earlier-rollbacks.js';
import { freeing, owedSteps, type OwedStep } from './owed-undos.js';
import { LastWriters } from './last-writers.js';
import { correctedEarlier } from './corrected-earlier.js';
import { chooseRemedy, effectiveCompensation } from './remedy.js';
import { NestedUndos, nestedReason } from './nested-undos.js';
import { ContainerMoves } from './container-moves.js';
import { MadeBy } from './made-by.js';
import { BackspaceError } from '../errors.js';

export interface PlanOptions {
  /** Run compensations even where others built on the resource (delete instead of the gentler inverse). */
  force?: boolean;
  /** Plan a session that has not ended (the kill switch does this). */
  allowActive?: boolean;
  /**
   * Plan the actions committed so far, for an agent undoing its own last steps in a session it keeps
   * open: no `force` and no end needed. Writes without an outcome (in flight, or unknown) are named in
   * `unsettled` and not looked up, so planning records nothing in the journal.
   */
  soFar?: boolean;
  /**
   * `false`: a dry run that looks nothing up and appends nothing, so it can run on a read-only journal
   * (`backspace plan`, the command center's plan pages). Writes whose outcome the journal lacks are named
   * in `unsettled` as unknown, settled when the rollback runs; never planned as if settled. Default
   * `true`: they are looked up by their keys first and what is found is recorded. A rollback always settles.
   */
  settle?: boolean;
  /** Resource reads in flight while planning (default 32). */
  readConcurrency?: number;
  /**
   * Plan only part of the session(s): the steps chosen, plus those they cannot be undone without (named
   * with why, in `pulledIn`); the rest are listed in `leftOut`, never run, and undone by a later full rollback.
   */
  select?: StepSelection;
  /**
   * Later sessions, of any agent, that changed the same resources after the planned ones did: `list`
   * names them in `cascades`; `include` plans them too, as one with the planned sessions (transitively; at most `MAX_SESSIONS_PER_ROLLBACK` sessions in all).
   */
  cascades?: 'list' | 'include';
}

export interface PlanStep {
  /** The session whose action this is (plans may span several: an incident, cascades). */
  sessionId: string;
  actionId: string;
  action: string;
  /** `resourceKey()` of the resource. */
  resource: string;
  provider: string;
  status: StepStatus;
  reason: string;
  fields?: FieldCheck[];
  /** The compensation the rollback will run (the gentler one for an unforced `conflict`). */
  compensation: Compensation | null;
  /** For a `restore-fields` compensation: the fields it will restore (still holding the agent's value). */
  restoreFields?: string[];
  /** `inverse`, `gentler`, or `none` when nothing will run. */
  remedy: 'inverse' | 'gentler' | 'none';
  /** Order of the action in the journal (higher is newer). */
  seq: number;
  /** A compensation started by an earlier rollback that never recorded its outcome (a crash). */
  interruptedCompensation: boolean;
  /** In a selective plan, why this step is planned though the selection did not name it. */
  pulledIn?: string;
  /**
   * For an inverse that removes a container: the items inside it that newer steps of this rollback take
   * away first (which is why they are not others' work). It runs only after their steps, and not when
   * one of them failed, so a container is never removed with the agent's item still in it.
   */
  after?: string[];
  /**
   * What its inverse leaves once it runs (a revert commit in the history), also a line of the plan's
   * `residue`: the report keeps it only where the step ran (verified, corrected, or failed part-way).
   */
  trace?: string;
  /**
   * Changed in fields that newer steps of this rollback on other resources change (see nested-undos.ts):
   * runs after them (`after`: action ids), read again first, only if the `fields` then hold what the agent left.
   */
  recheck?: { after: string[]; fields: string[] };
}

export interface BlastRadius {
  resources: number;
  byProvider: Record<string, number>;
  /** People who saw or touched the resources, where the adapter can tell. */
  actors: string[];
}

export interface RollbackPlan {
  /** The session planned (the first one, when the plan spans several). */
  sessionId: string;
  /** Every session the plan spans, newest first for an incident; the target first, then cascades included. */
  sessions: string[];
  steps: PlanStep[];
  blastRadius: BlastRadius;
  /** What a rollback leaves behind, one human-readable line each. */
  residue: string[];
  /** Writes whose outcome could not be settled (in flight, or not found by their key): also in `residue`. */
  unsettled: string[];
  /** With a selection: the steps it left out (never run by this rollback). */
  leftOut?: LeftOutStep[];
  /** With `cascades`: later sessions that built on these resources (not planned unless included). */
  cascades?: CascadeSession[];
  /**
   * Steps of sessions rolled back before that their rollback kept because these sessions wrote after
   * them: planned again (in their own sessions) once these are undone, and told after them in the report.
   */
  owed?: OwedStep[];
}

/**
 * Sessions one rollback spans at most (an incident, a session with its cascades): each holds its rollback
 * lock while it runs, on PostgreSQL a database connection of its own.
 */
export const MAX_SESSIONS_PER_ROLLBACK = 50;

export async function planRollback(context: RuntimeContext, sessionId: string, options: PlanOptions = {}): Promise<RollbackPlan> {
  return planSessions(context, [sessionId], options);
}

/**
 * Plans sessions as one rollback (an incident, a session with its cascades): their steps newest first
 * across all. `whole`: sessions planned in full beside them, the selection applying to `sessionIds`
 * only (the cascades an earlier plan included, planned again once locked: what it listed is what runs).
 */
export async function planSessions(context: RuntimeContext, sessionIds: string[], options: PlanOptions = {}, whole: string[] = []): Promise<RollbackPlan> {
  const named = [...new Set(sessionIds)];
  const sessions = [...new Set([...named, ...whole])];
  if (sessions.length === 0) throw new BackspaceError('session_not_found', 'no session to plan: the incident matched none');
  if (sessions.length > MAX_SESSIONS_PER_ROLLBACK) {
    throw new BackspaceError('invalid_input', `${sessions.length} sessions are more than one rollback takes (${MAX_SESSIONS_PER_ROLLBACK}: each holds its rollback lock while it runs); narrow the incident's time window or agents`, { details: { sessions: sessions.length } });
  }
  const loaded = await loadSessions(context, named, options);
  const selection = options.select ? await selectActions(context, loaded.actions, options.select) : null;
  const planned = { sessions: named, actions: selection ? selection.chosen : loaded.actions, unsettled: loaded.unsettled, ignored: loaded.ignored };
  /** Adds later sessions whole (cascades included). */
  const include = async (later: string[]) => {
    if (planned.sessions.length + later.length > MAX_SESSIONS_PER_ROLLBACK) {
      throw new BackspaceError('invalid_input', `including cascades would roll back ${planned.sessions.length + later.length} sessions at once, more than ${MAX_SESSIONS_PER_ROLLBACK}; roll back a narrower selection, or the later sessions first`, { details: { sessions: planned.sessions.length + later.length } });
    }
    const found = await loadSessions(context, later, options);
    planned.sessions.push(...later);
    planned.unsettled.push(...found.unsettled);
    planned.ignored.push(...found.ignored);
    planned.actions = newestFirst([planned.actions, found.actions]);
  };
  if (whole.length > 0) await include(sessions.slice(named.length));
  const plan = options.cascades ? await planWithCascades(context, planned, options.cascades, include, (inside) => planActions(context, planned.sessions, planned.actions, planned, options, inside)) : await planActions(context, planned.sessions, planned.actions, planned, options);
  if (selection) {
    for (const step of plan.steps) if (selection.pulledIn.has(step.actionId)) step.pulledIn = selection.pulledIn.get(step.actionId)!;
    plan.leftOut = selection.leftOut;
  }
  const kept = plan.steps.filter((step) => step.status === 'conflict' && step.remedy === 'none').map((step) => ({ ...step, kept: true }));
  const owed = await owedSteps(context, [...plan.steps.filter(freeing), ...kept], plan.sessions);
  if (owed.length > 0) plan.owed = owed;
  return plan;
}

/** `inside`, when given, gets what others put inside each container planned (by its key): where cascades are looked for. */
async function planActions(context: RuntimeContext, sessionIds: string[], actions: SessionAction[], { unsettled, ignored }: { unsettled: string[]; ignored: string[] }, options: PlanOptions, inside?: Map<string, string[]>): Promise<RollbackPlan> {
  const sessionId = sessionIds[0]!;
  const now = context.clock.now();

  // One read per resource, concurrently; older steps on the same resource are planned against the
  // state the newer steps' compensations will leave.
  // Resource objects are shared per resource (see CompensationSlimmer), so their keys are computed once.
  const keys = new WeakMap<object, string>();
  const keyOf = (resource: Compensation['resource']) => {
    let key = keys.get(resource);
    if (key === undefined) keys.set(resource, (key = resourceKey(resource)));
    return key;
  };
  // Each resource once, with every inverse planned on it: what they look at is what its read must give.
  const resources: PlannedResources = new Map();
  for (const { compensation: declared, compensatedAt } of actions) {
    const compensation = effectiveCompensation(declared, now);
    // Undone already, it is read again only where it retired its resource: a container this rollback
    // removes counts it out only while it is still out of use (see below).
    if (!compensation || (compensatedAt && !compensation.retires)) continue;
    const key = keyOf(compensation.resource);
    const known = resources.get(key);
    if (known) known.all.push(compensation);
    else if (context.registry.hasAdapter(compensation.resource.provider)) resources.set(key, { provider: compensation.resource.provider, compensation, all: [compensation] });
  }
  // One read per resource (in batches where the provider reads many at once); a provider that cannot be
  // read now makes its steps `unreachable`, the rest of the rollback goes on.
  const { current, unreadable, readStartedAt } = await readPlannedResources(context, resources, keyOf, options.readConcurrency ?? 32);

  // Who set a field last, asked of the provider's history only for a resource written since the
  // rollback's newest write on it (against the state as read, before any projection).
  const lastWriters = new LastWriters(context, new Map(current));
  // What other sessions wrote since, from the journal, only where another session was at work.
  const laterWrites = await LaterSessionWrites.open(context, sessionIds, actions.reduce((first, action) => Math.min(first, action.seq), Number.MAX_SAFE_INTEGER));
  // What sessions rolled back since had to leave because these wrote after them, only where one was.
  const earlierRollbacks = await EarlierRollbacks.open(context, actions);
  const nestedUndos = new NestedUndos(context);
  const madeBy = new MadeBy(context, actions, laterWrites);
  const steps: PlanStep[] = [];
  const residue: string[] = [];
  // Resources that newer steps of this rollback take away: what the session put inside a container it
  // also created is not others' work.
  const removed = new Set<string>();
  // What newer steps put back inside each container, or take out of it (by the container's key), for its older steps.
  const moves = new ContainerMoves();
  // What newer steps of this rollback do to each resource (by key): what an older step left in place is left as they leave it.
  const undoneOn = new Map<string, string[]>();
  const actors = new Set<string>();
  const byProvider: Record<string, Set<string>> = {};
  for (const committed of actions) {
    const { interrupted } = committed;
    const compensation = effectiveCompensation(committed.compensation, now);
    const provider = committed.action.slice(0, committed.action.indexOf('.'));
    const key = committed.resource ?? (compensation ? keyOf(compensation.resource) : '');
    (byProvider[provider] ??= new Set()).add(key);
    const step: PlanStep = { sessionId: committed.sessionId, actionId: committed.actionId, action: committed.action, resource: key, provider, status: 'undo', reason: '', compensation: null, remedy: 'none', seq: committed.seq, interruptedCompensation: interrupted };
    steps.push(step);
    if (committed.compensatedAt) {
      // Corrected, not undone (its gentler inverse ran): it is still there, and every report says so.
      const corrected = compensation?.gentler !== undefined && (await correctedEarlier(context, committed.actionId));
      Object.assign(step, { status: 'already-undone', reason: `${corrected ? 'corrected' : 'undone'} by an earlier rollback at ${committed.compensatedAt}${corrected ? ' (left in place: others built on it)' : ''}` });
      if (corrected) residue.push(`${committed.action} on ${key}: left in place, ${step.reason}`);
      // The traces its inverse left stay (a revert commit, an issue closed): every report tells them, the
      // one of a rollback that takes over from an engine killed before it reported included.
      else if (compensation?.residue) residue.push(compensation.residue);
      // What an earlier rollback retired and nobody put back in use since is out of its container still.
      const retired = compensation?.retires ? keyOf(compensation.resource) : null;
      if (retired && !unreadable.has(retired) && matchesExpectation(current.get(retired) ?? null, compensation!.expect)) removed.add(retired);
      continue;
    }
    if (committed.sealedAway) {
      Object.assign(step, { status: 'expired', reason: `its inverse cannot be read: ${committed.sealedAway}` });
      residue.push(`${committed.action} on ${key}: not undone, its inverse is ${committed.sealedAway}`);
      continue;
    }
    if (committed.unreachable) {
      Object.assign(step, { status: 'unreachable', reason: `${committed.unreachable}; roll back again to retry` });
      residue.push(`${committed.action} on ${key}: not undone yet, ${committed.unreachable}`);
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
    if (compensation.resource.provider !== provider || !compensation.operation.startsWith(`${provider}.`)) {
      Object.assign(step, { status: 'conflict', reason: `refused: its inverse ${compensation.operation} on ${keyOf(compensation.resource)} is not ${provider}'s, so ${committed.action} cannot have staged it` });
      residue.push(`${committed.action} on ${key}: its staged inverse was refused (another provider's operation or resource)`);
      continue;
    }
    if (!context.registry.hasAdapter(compensation.resource.provider)) {
      Object.assign(step, { status: 'conflict', reason: `no ${compensation.resource.provider} adapter is registered to undo it` });
      residue.push(`${committed.action} on ${key}: no adapter registered to undo it`);
      continue;
    }
    const readKey = keyOf(compensation.resource);
    const since = committed.since ?? committed.seq;
    const unread = unreadable.get(readKey);
    if (unread !== undefined) {
      Object.assign(step, { status: 'unreachable', reason: `reading ${readKey} failed (${unread}); roll back again to retry` });
      residue.push(`${committed.action} on ${key}: not undone yet, ${compensation.resource.provider} could not be read (${unread})`);
      continue;
    }
    const state = current.get(readKey) ?? null;
    const readAt = readStartedAt.get(readKey) ?? planMark(context.clock);
    replanned(step, state, readAt);
    const adapter = context.registry.adapter(compensation.resource.provider);
    if (state && adapter.actors) adapter.actors(state).forEach((actor) => actors.add(actor));
    lastWriters.saw(readKey, adapter, compensation);
    const removedHere = moves.removedFrom(readKey, removed);
    // Writes on what this write made, journaled under another name, all undone whole, what the write left put back: nothing of them is left inside it.
    const putBack = state && compensation.contents ? await madeBy.putBack({ actionId: committed.actionId, seq: since, post: compensation.post }, foreignContents(compensation, state, removedHere, moves.addedTo(readKey))) : new Set<string>();
    const clearedHere = putBack.size > 0 ? new Set([...removedHere, ...putBack]) : removedHere;
    let assessment = assess(compensation, state, clearedHere, moves.addedTo(readKey));
    // Changed only by this rollback's newer steps inside it: planned against the state they leave, checked again after them.
    const nested = await nestedUndos.nestedIn(readKey, compensation, assessment, state, (expected) => assess(compensation, expected, clearedHere, moves.addedTo(readKey)));
    const seen = nested?.state ?? state;
    if (nested) {
      assessment = nested.assessment;
      replanned(step, seen, readAt);
    }
    // A field still holding the agent's value may be a person's choice of that same value: where the
    // provider's history says someone else set it since, it is theirs, kept.
    if (assessment.restore?.length) {
      const setSince = await lastWriters.setSince(readKey, adapter, compensation, assessment.restore);
      for (const [field, why] of (await laterWrites?.fieldsSince(readKey, since, assessment.restore)) ?? []) if (!setSince.has(field)) setSince.set(field, why);
      if (setSince.size > 0) assessment = assess(compensation, seen, clearedHere, moves.addedTo(readKey), setSince);
    } else if (assessment.status === 'undo') {
      // Undoing the whole resource: another session's write on it since, or a person's change the
      // history names (even one changed back), is building on it.
      const writer = await laterWrites?.writerSince(readKey, since);
      // A container another session took an item out of, whose undo puts it back in, is kept for it.
      const movedOut = writer || !compensation.contents ? undefined : await laterWrites?.movedOutOf(readKey, since);
      const builtOn = (writer ?? movedOut) ? undefined : await lastWriters.othersSince(readKey, adapter, compensation);
      const why = movedOut ?? ((writer ?? builtOn) && `${writer ?? builtOn} wrote it since`);
      if (why) assessment = { ...assessment, status: 'conflict', reason: `others built on it since the agent's write (${why})` };
    }
    // A dead engine's undo that restored what was there before earlier rolled-back sessions left just that.
    if (committed.interrupted && assessment.status === 'conflict' && compensation.strategy === 'restore-fields' && earlierRollbacks) {
      const kept = (assessment.fields ?? []).filter((check) => check.decision === 'keep').map((check) => check.field);
      const done = await earlierRollbacks.through([key, readKey], committed, compensation, kept, seen);
      if (done && done.already.length === kept.length) assessment = { ...assessment, status: 'already-undone', reason: `${kept.join(', ')} already hold${kept.length === 1 ? 's' : ''} what an earlier rollback of this step put back${done.note}` };
    }
    // A rollback that died part-way through this undo may have made some of the changes named (an archive sent, its put-back not).
    if (committed.interrupted && assessment.status === 'conflict') assessment.reason += `; an earlier rollback began undoing this step and did not finish, so some of these changes may be its own: check ${key} by hand`;
    // Fields left because a later session changed them since: that session is named.
    const keptUnnamed = (assessment.fields ?? []).filter((check) => check.decision === 'keep' && !check.setSince).map((check) => check.field);
    if (laterWrites && keptUnnamed.length > 0) assessment.reason += await laterWrites.keptFor(readKey, since, keptUnnamed);
    if (assessment.foreign?.length) {
      assessment.reason += await whoWrote(context, committed.sessionId, assessment.foreign, [readKey, key]);
      inside?.set(readKey, [...new Set([...(inside.get(readKey) ?? []), ...assessment.foreign])]);
    }
    if (nested && (assessment.status === 'undo' || assessment.status === 'partial')) [step.recheck, assessment.reason] = [{ after: nested.after, fields: nested.fields }, nestedReason(nested, assessment)];
    step.status = assessment.status;
    step.reason = committed.note ? `${assessment.reason} (${committed.note})` : assessment.reason;
    // Field detail is what an operator reads for partial steps and conflicts; plain undos skip it to
    // keep a 100,000-step plan small.
    if (assessment.fields && assessment.status !== 'undo') step.fields = assessment.fields;
    // Kept only by later sessions' writes still to be undone: not corrected (a correction would act on
    // their work, and outlive their undo); their rollback finishes this step (owed-undos, which finds it
    // under the key both are journaled by, or through their write's `madeBy`).
    const keptFields = (assessment.fields ?? []).filter((check) => check.decision === 'keep').map((check) => check.field);
    const heldFor = assessment.status === 'conflict' && compensation.gentler && !options.force ? await heldWhole(laterWrites, { key, readKey, since, keptFields, foreign: assessment.foreign ?? [], actionId: committed.actionId }) : undefined;
    if (heldFor) step.reason += `; kept whole, not corrected: rolling back ${heldFor.join(' and ')} finishes it`;
    const chosen = chooseRemedy(compensation, assessment.status, options.force ?? false, heldFor !== undefined);
    const through = chosen.compensation?.strategy === 'restore-fields' ? await earlierRollbacks?.through([key, readKey], committed, chosen.compensation, assessment.restore ?? [], seen) : null;
    if (through) {
      [chosen.compensation, step.reason, assessment.restore] = [through.compensation, step.reason + through.note, assessment.restore!.filter((field) => !through.already.includes(field))];
      if (assessment.restore.length === 0) [chosen.compensation, chosen.remedy, step.status] = [null, 'none', 'already-undone'];
    }
    step.compensation = chosen.compensation;
    step.remedy = chosen.remedy;
    const takenOutFirst = chosen.compensation && seen ? itemsInside(chosen.compensation, seen).filter((item) => removedHere.has(item)) : [];
    if (takenOutFirst.length > 0) step.after = takenOutFirst;
    if (chosen.compensation?.strategy === 'restore-fields') step.restoreFields = assessment.restore ?? [];
    // Older steps on this resource see the fields someone changed after this step as others' values,
    // never as the agent's (an interrupted compensation of ours is the exception).
    const othersFields = committed.interrupted ? [] : (assessment.fields ?? []).filter((check) => check.decision !== 'restore').map((check) => check.field);
    if (othersFields.length > 0 && seen) current.set(readKey, markChangedByOthers(chosen.compensation ? project(seen, chosen.compensation, assessment.restore) : seen, othersFields));
    if (chosen.compensation) {
      undoneOn.set(readKey, [...(undoneOn.get(readKey) ?? []), `${chosen.compensation.description} (undoing ${committed.action} of session ${committed.sessionId})`]);
      if (othersFields.length === 0) current.set(readKey, project(seen, chosen.compensation, assessment.restore));
      nestedUndos.undone(step, chosen.compensation, readKey);
      // Undone whole, back to its own pre-state (not through to an older session's value).
      if (assessment.status === 'undo' && !through) madeBy.undone(committed.actionId);
      // Only what this rollback takes away counts as no longer inside a container. An item merely put
      // back as it was before the session may still hold others' work (a person's edit under the
      // agent's), so it keeps a container it sits in from being removed: a conflict, never a loss.
      if ('absent' in chosen.compensation.expect || (chosen.compensation.retires && (chosen.compensation.strategy === 'guarded' || assessment.status === 'undo'))) removed.add(readKey);
      moves.record(chosen.compensation, readKey, chosen.compensation.strategy === 'restore-fields' ? (assessment.restore ?? []) : undefined);
      if (chosen.compensation.residue) {
        residue.push(chosen.compensation.residue);
        step.trace = chosen.compensation.residue;
      }
    }
    if (assessment.status === 'conflict' && chosen.remedy === 'gentler') step.reason += `; using the gentler inverse: ${chosen.compensation!.description}`;
    const leftAs = undoneOn.has(readKey) && chosen.remedy === 'none' ? `; left as this rollback's newer steps on it leave it: ${undoneOn.get(readKey)!.join('; ')}` : '';
    if (assessment.status === 'conflict' && chosen.remedy === 'none') residue.push(`${committed.action} on ${key}: left in place, ${assessment.reason}${leftAs}`);
    if (assessment.status === 'gone') residue.push(`${committed.action} on ${key}: ${assessment.reason}`);
    // An interrupted compensation found done: the dead engine's request landed, and left its traces.
    if (assessment.status === 'already-undone' && committed.interrupted && compensation.residue) residue.push(compensation.residue);
    else if (assessment.status === 'already-undone' && compensation.lasting) residue.push(compensation.lasting);
  }
  residue.push(...unsettled, ...ignored);

  const providers = Object.fromEntries(Object.entries(byProvider).map(([provider, keys]) => [provider, keys.size]));
  return {
    sessionId,
    sessions: sessionIds,
    steps,
    blastRadius: { resources: Object.values(providers).reduce((sum, count) => sum + count, 0), byProvider: providers, actors: [...actors].sort() },
    residue,
    unsettled,
  };
}

export { requireIntactJournal };
