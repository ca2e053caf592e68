// Selective rollback: the part of a session (or an incident) an operator chose, plus the steps it
// cannot be undone without, each with the reason it was pulled in; everything else is left out, named.
import type { AffectedFields } from '../contract/adapter.js';
import type { Compensation } from '../contract/compensation.js';
import { resourceKey } from '../contract/resource.js';
import { BackspaceError } from '../errors.js';
import type { RuntimeContext } from '../runtime/context.js';
import { askAffects } from './affects.js';
import type { CommittedAction } from './load-session.js';

/** Criteria combine (provider and time window, say); several values of one criterion are alternatives. */
export interface StepSelection {
  /** Action ids, or unambiguous prefixes of them (at least 4 characters). */
  actions?: string[];
  /** Providers: `github`, `slack`, ... */
  providers?: string[];
  /** Resources by `resourceKey()` (`github.issue:octo/widgets#12`). */
  resources?: string[];
  /** ISO time: actions committed at or after it. */
  since?: string;
  /** ISO time: actions committed before it. */
  until?: string;
}

/** A committed action as planning sees it, with the session it belongs to. */
export type SessionAction = CommittedAction & { sessionId: string };

/** A step the selection left out: never run by this rollback, still undone by a later full one. */
export interface LeftOutStep {
  sessionId: string;
  actionId: string;
  action: string;
  resource: string;
  seq: number;
}

export interface Selection {
  chosen: SessionAction[];
  leftOut: LeftOutStep[];
  /** Why a step the selection did not name is in the plan anyway, by action id. */
  pulledIn: Map<string, string>;
}

/** An id prefix shorter than this names nothing: a few characters match too much by chance. */
const SHORTEST_PREFIX = 4;

export async function selectActions(context: RuntimeContext, actions: SessionAction[], selection: StepSelection): Promise<Selection> {
  const named = await namedActions(context, actions, validSelection(selection));
  const { order, pulledIn } = await withDependencies(actions, named, affectsOf(context));
  const chosen = actions.filter((action) => order.has(action.actionId));
  const leftOut = actions.filter((action) => !order.has(action.actionId)).map((action) => ({ sessionId: action.sessionId, actionId: action.actionId, action: action.action, resource: keyOfAction(action), seq: action.seq }));
  return { chosen, leftOut, pulledIn };
}

function validSelection(selection: StepSelection): StepSelection {
  const lists = [selection.actions, selection.providers, selection.resources];
  if (lists.some((list) => list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.length === 0)))) {
    throw new BackspaceError('invalid_input', 'a selection names actions, providers and resources as lists of non-empty strings');
  }
  for (const [name, value] of [['since', selection.since], ['until', selection.until]] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw new BackspaceError('invalid_input', `selection ${name} must be an ISO time, got ${JSON.stringify(value)}`);
  }
  const criteria = lists.filter((list) => list && list.length > 0).length + (selection.since ? 1 : 0) + (selection.until ? 1 : 0);
  if (criteria === 0) throw new BackspaceError('invalid_input', 'a selection needs at least one of: action ids, providers, resources, since, until');
  return selection;
}

/** The actions the selection names itself; an id or prefix matching none (or several) is an error. */
async function namedActions(context: RuntimeContext, actions: SessionAction[], selection: StepSelection): Promise<Set<string>> {
  const ids = selection.actions?.length ? resolveActionIds(actions, selection.actions) : null;
  const providers = selection.providers?.length ? new Set(requireMatches('provider', selection.providers, actions.map(providerOf))) : null;
  const resources = selection.resources?.length ? new Set(requireMatches('resource', selection.resources, actions.flatMap(keysOf))) : null;
  const times = selection.since || selection.until ? await commitTimes(context, actions) : null;
  const since = selection.since ? Date.parse(selection.since) : -Infinity;
  const until = selection.until ? Date.parse(selection.until) : Infinity;
  const named = new Set<string>();
  for (const action of actions) {
    if (ids && !ids.has(action.actionId)) continue;
    if (providers && !providers.has(providerOf(action))) continue;
    if (resources && !keysOf(action).some((key) => resources.has(key))) continue;
    if (times) {
      const at = Date.parse(times.get(action.actionId) ?? '');
      if (!(at >= since && at < until)) continue;
    }
    named.add(action.actionId);
  }
  return named;
}

/**
 * The providers or resource keys given, each of which some action of the session names. One spelled
 * otherwise than the journal holds it (`GitHub`, an owner in capitals, a Notion id without dashes)
 * selected nothing, and the rollback reported "nothing to undo" with the agent's change in place.
 */
function requireMatches(what: 'provider' | 'resource', given: string[], held: string[]): string[] {
  const known = new Set(held);
  const unknown = given.filter((item) => !known.has(item));
  if (unknown.length === 0) return given;
  const listed = [...known].slice(0, 10).map((item) => `\n  ${item}`).join('');
  throw new BackspaceError('invalid_input', `no action of the session(s) planned names ${what} ${unknown.map((item) => JSON.stringify(item)).join(', ')}; the ${what}s they name, as the journal spells them:${listed}${known.size > 10 ? `\n  … and ${known.size - 10} more` : ''}`, { details: { [what]: unknown } });
}

/**
 * The committed actions `given` names, each by its id or a prefix of at least SHORTEST_PREFIX characters:
 * `action_not_found` for one naming none, `ambiguous_id` (listing the candidates) for one naming several.
 * Also what an operator surface checks a selection with before it starts a rollback.
 */
export function resolveActionIds(actions: readonly Pick<CommittedAction, 'actionId' | 'action'>[], given: readonly string[]): Set<string> {
  const resolved = new Set<string>();
  for (const id of given) {
    const exact = actions.find((action) => action.actionId === id);
    const matching = exact ? [exact] : id.length >= SHORTEST_PREFIX ? actions.filter((action) => action.actionId.startsWith(id)) : [];
    if (matching.length === 0) throw new BackspaceError('action_not_found', `no committed action ${id} in the session(s) planned`, { details: { actionId: id } });
    if (matching.length > 1) {
      const listed = matching.slice(0, 10).map((action) => `\n  ${action.actionId} (${action.action})`).join('');
      throw new BackspaceError('ambiguous_id', `action ${id} is ambiguous: it starts ${matching.length} action ids; give more characters:${listed}`, { details: { given: id, candidates: matching.length } });
    }
    resolved.add(matching[0]!.actionId);
  }
  return resolved;
}

/** When each action committed, from the journal (planning keeps no times). */
async function commitTimes(context: RuntimeContext, actions: SessionAction[]): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for (const sessionId of new Set(actions.map((action) => action.sessionId))) {
    for (const entry of await context.journal.sessionEntries(sessionId)) if (entry.type === 'action.committed' && entry.actionId) times.set(entry.actionId, entry.at);
  }
  return times;
}

/**
 * Adds what the named steps cannot be undone without, transitively: newer steps on the same resource
 * (undoing an older write under a newer one would overwrite it or find nothing to restore), and, for a
 * step that removes a resource or guards what sits inside it, the steps on things inside it (a file on
 * a branch, a comment on an issue, a block on a page: they cannot be undone once it is gone). Also the
 * steps whose writes change what a named step takes away, as their adapter says (`Adapter.affects`): an
 * append into a toggle the named append made is staged on the toggle's own children, a resource the
 * named step does not name, yet the toggle's state holds it; left out, the toggle's undo found the
 * agent's own blocks in it and blamed "someone". Asked only for a selection, once per resource.
 */
async function withDependencies(actions: SessionAction[], named: Set<string>, affects: (action: SessionAction) => Promise<AffectedFields[]>): Promise<{ order: Set<string>; pulledIn: Map<string, string> }> {
  const byKey = new Map<string, SessionAction[]>();
  const insideOf = new Map<string, SessionAction[]>();
  for (const action of actions) {
    for (const key of keysOf(action)) push(byKey, key, action);
    for (const container of action.compensation?.dependsOn ?? []) push(insideOf, resourceKey(container), action);
  }
  const order = new Set(named);
  const pulledIn = new Map<string, string>();
  const queue = actions.filter((action) => named.has(action.actionId));
  const pull = (action: SessionAction, reason: string) => {
    if (order.has(action.actionId)) return;
    order.add(action.actionId);
    pulledIn.set(action.actionId, reason);
    queue.push(action);
  };
  while (queue.length > 0) {
    const step = queue.shift()!;
    const label = `${step.action} (${step.actionId.slice(0, 8)})`;
    for (const key of keysOf(step)) {
      for (const newer of byKey.get(key) ?? []) if (newer.seq > step.seq) pull(newer, `pulled in: a newer write on ${key} must be undone before ${label}`);
    }
    // Only a step whose inverse takes something away asks, and only about the same provider's steps.
    for (const other of takenAway(step.compensation, step.compensation?.fields ?? []).length > 0 ? actions : []) {
      if (order.has(other.actionId) || providerOf(other) !== providerOf(step)) continue;
      for (const { resource, fields } of await affects(other)) {
        const key = resourceKey(resource);
        const taken = keysOf(step).includes(key) ? takenAway(step.compensation, fields) : [];
        if (taken.length > 0) pull(other, `pulled in: it wrote inside ${taken.join(', ')} on ${key}, which ${label} takes away; that cannot be undone while what it wrote there stays`);
      }
    }
    if (!takesAway(step.compensation)) continue;
    for (const key of keysOf(step)) {
      for (const inside of insideOf.get(key) ?? []) pull(inside, `pulled in: it sits on ${key}, which ${label} takes away; it cannot be undone once that is gone`);
    }
  }
  return { order, pulledIn };
}

/** What each step's writes change elsewhere (`Adapter.affects` on its inverse's resource), asked once per resource; [] when unknown. */
function affectsOf(context: RuntimeContext): (action: SessionAction) => Promise<AffectedFields[]> {
  const asked = new Map<string, Promise<AffectedFields[]>>();
  return (action) => {
    const resource = action.compensation?.resource;
    if (!resource) return Promise.resolve([]);
    const key = resourceKey(resource);
    if (!asked.has(key)) asked.set(key, askAffects(context, resource));
    return asked.get(key)!;
  };
}

/**
 * Of these fields, those the inverse takes away: every one when it removes its resource (or guards what
 * sits inside it), else those it puts back to absent from a value the write left (an appended block).
 */
function takenAway(compensation: Compensation | null, fields: string[]): string[] {
  if (!compensation) return [];
  if ('absent' in compensation.expect || compensation.contents !== undefined) return fields;
  const expected = compensation.expect.fields;
  const taken = fields.filter((field) => field in expected && expected[field] === null && (compensation.post?.[field] ?? null) !== null);
  return taken.length > 0 ? taken : takenAway(compensation.gentler ?? null, fields);
}

/** Whether an inverse removes its resource or guards what sits inside it (a container). */
function takesAway(compensation: Compensation | null): boolean {
  if (!compensation) return false;
  return 'absent' in compensation.expect || compensation.contents !== undefined || (compensation.gentler ? takesAway(compensation.gentler) : false);
}

/** The keys a step is known by: its journaled resource, and the resource its inverse acts on. */
export function keysOf(action: CommittedAction): string[] {
  const keys = action.resource ? [action.resource] : [];
  if (action.compensation) {
    const key = resourceKey(action.compensation.resource);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

const keyOfAction = (action: CommittedAction): string => keysOf(action)[0] ?? '';
const providerOf = (action: CommittedAction): string => action.action.slice(0, action.action.indexOf('.'));

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
