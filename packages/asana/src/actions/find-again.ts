// Finding a write again after its answer was lost, where the write cannot carry its key (personal access
// tokens cannot write a task's `external`, and comments have no such field). An identical write made
// earlier by the same user (another session on the same token) must never pass for this attempt's: before
// writing, the action notes which matching writes already exist; afterwards only a match that was not
// among them, and that the journal does not record as another action's (a session that wrote the same
// thing since, on the same token), is taken for this attempt's.
import { lookupInconclusive, ProviderError, type ActionContext, type ResourceRef, type Snapshot } from '@backspace/core';
import type { AsanaClient, AsanaObject } from '../client.js';

/** How far back matching writes are listed: long enough for any clock skew between this host and Asana. */
export const MATCH_WINDOW_MS = 15 * 60_000;

/** Where a write may have gone and what it looks like. */
export interface MatchSearch {
  /** The writes it could be (tasks of its list, comments of its task), at least those made since `since`. */
  list(since: string): Promise<AsanaObject[]>;
  expected: { name?: string; notes?: string; text?: string };
  /** The resource a match is, as its action's `resource()` names it: how the journal tells another action's write. */
  ref(gid: string): ResourceRef;
  /**
   * For tasks: read those the journal's later writes named, where the list missed it. The agent, or
   * another session on the same token, may have found the task without the answer and taken it out of
   * the list since (removed it from the project, moved it under another parent); the undo of that would
   * put it back, the agent's task staying.
   */
  laterTasks?: boolean;
}

/** What an attempt saw before it wrote: the matching writes that already existed. */
export interface AttemptBefore {
  /** ISO time: matches older than this are never taken. */
  since: string;
  gids: string[];
}

/** Before the write: notes (by the write's key) which matching writes exist, and returns that for the journal. */
export async function noteMatchesBefore(search: MatchSearch, context: ActionContext<AsanaClient>): Promise<Snapshot> {
  const since = new Date(context.clock.now() - MATCH_WINDOW_MS).toISOString();
  const gids = (await matches(search, since, context.client, await search.list(since))).map((match) => String(match.gid));
  context.client.rememberAttempt(context.idempotencyKey, { since, gids });
  return { matchingBefore: gids, since };
}

/**
 * After a lost answer: the matching write that was not there before this attempt and that the journal
 * does not record as another action's, or undefined when there is none (nothing landed). Two or more
 * such writes cannot be told apart: the outcome is left unknown, named (lookup inconclusive). A process
 * that did not see the state before the attempt cannot tell this attempt's write from an identical
 * earlier one: the outcome stays unknown.
 */
export async function findNewMatch(search: MatchSearch, context: ActionContext<AsanaClient>, operation: string): Promise<AsanaObject | undefined> {
  const before = context.client.attemptBefore(context.idempotencyKey);
  if (!before) {
    throw new ProviderError(`asana ${operation}: the answer was lost and this process did not see what existed before the attempt, so an identical earlier write cannot be told from this one; check Asana, then retry with a new key`, { provider: 'asana', outcomeUnknown: true, isRetryable: false });
  }
  const existed = new Set(before.gids);
  const listed = await unclaimed(search, context, existed, await matches(search, before.since, context.client, await search.list(before.since)));
  if (listed.length > 0 || !search.laterTasks || !context.laterResources) return onlyOne(listed, operation);
  // What the journal records another action made is not this write's: left out before anything is read.
  const named: string[] = [];
  for (const id of await laterTasks(context.laterResources, existed)) {
    if (!(await context.madeByAnother?.(search.ref(id)))) named.push(id);
  }
  const read: AsanaObject[] = [];
  for (const id of named.slice(0, MAX_LATER_TASKS)) {
    const task = await context.client.findTask(id);
    if (task) read.push(task);
  }
  const left = await unclaimed(search, context, existed, await matches(search, before.since, context.client, read));
  // Tasks left unread may hold this write's: "never landed" would leave it in place, unnamed.
  if (left.length === 0 && named.length > MAX_LATER_TASKS) {
    throw lookupInconclusive('asana', `${operation}: no task matching this write is where it was sent, and the journal's later writes name ${named.length} tasks, more than the ${MAX_LATER_TASKS} read, any of which may be this write's moved since`, 'Asana');
  }
  return onlyOne(left, operation);
}

/**
 * The tasks later writes named, the session's first: the agent may have found its task without the
 * answer and moved it. Then any session's: another agent on the same token may have found it and moved
 * it, and an incident rolls both back, the undo of that move putting back a task this write made.
 */
async function laterTasks(laterResources: NonNullable<ActionContext['laterResources']>, existed: ReadonlySet<string>): Promise<string[]> {
  const named = [...(await laterResources('session')), ...(await laterResources('journal'))];
  return [...new Set(named.filter((resource) => resource.provider === 'asana' && resource.type === 'task' && !existed.has(resource.id)).map((resource) => resource.id))];
}

/** Of the matches, those new since the attempt began that the journal does not record as another action's. */
async function unclaimed(search: MatchSearch, context: ActionContext<AsanaClient>, existed: ReadonlySet<string>, found: AsanaObject[]): Promise<AsanaObject[]> {
  const left: AsanaObject[] = [];
  for (const match of found) {
    if (existed.has(String(match.gid))) continue;
    if (!(await context.madeByAnother?.(search.ref(String(match.gid))))) left.push(match);
  }
  return left;
}

/** The one write left (none: undefined); several cannot be told apart, so they are named and the outcome left unknown. */
function onlyOne(left: AsanaObject[], operation: string): AsanaObject | undefined {
  if (left.length <= 1) return left[0];
  const named = left.map((match) => String(match.gid)).join(', ');
  throw lookupInconclusive('asana', `${operation}: the token's user made ${named} since the attempt, each as this write would have, none recorded as another action's: any of them may be this write's, and Asana cannot tell which`, 'Asana');
}

/** How many of the tasks later writes named (none another action made) a lookup reads at most. */
const MAX_LATER_TASKS = 20;

/** Of `candidates`, the writes by the token's own user since `since` that look like the expected one, newest first. */
async function matches(search: MatchSearch, since: string, client: AsanaClient, candidates: AsanaObject[]): Promise<AsanaObject[]> {
  const me = await client.myGid();
  const { name, notes, text } = search.expected;
  return candidates
    .filter((candidate) => candidate.created_by?.gid === me && Date.parse(candidate.created_at) >= Date.parse(since))
    .filter((candidate) => (name === undefined || candidate.name === name) && (text === undefined || candidate.text === text))
    .filter((candidate) => notes === undefined || (candidate.notes ?? '') === notes)
    .sort((left, right) => Date.parse(right.created_at) - Date.parse(left.created_at));
}
