// Compensations: the serializable inverse staged when an action runs, executable later by any process.
import type { Json, Snapshot } from './json.js';
import type { ResourceRef } from './resource.js';

/** What the resource should look like once the compensation ran; checked by re-reading it. */
export type Expectation = { absent: true } | { fields: Snapshot };

/**
 * A staged inverse, one of its two strategies (built by `restoreFields` and `guardedUndo`, which fill in
 * `resource`, `pre` and `post` from the action):
 * - `restore-fields`: three-way, field by field over `fields`: restore only where pre != post and
 *   current == post; it expects each field back at its pre-state value;
 * - `guarded`: undo the whole resource, but only while every field in `fields` still equals `post` and
 *   nothing of others' sits inside it (`contents`); otherwise it is a conflict (others built on it) and
 *   `gentler` is offered instead. Its `expect` says what the resource looks like after it ran.
 */
export type Compensation = RestoreFieldsCompensation | GuardedCompensation;

export interface RestoreFieldsCompensation extends CompensationBase {
  strategy: 'restore-fields';
  /** What only a guarded inverse can say: a restore puts fields back, it removes nothing. */
  contents?: never;
  /**
   * Its restore takes the resource out of use (the bot's pin or reaction taken off a message: its
   * pre-state is "not there"): as a guarded inverse's `retires`, only where the step restores every field
   * it changed, so a container this rollback removes afterwards does not count it as others' work.
   */
  retires?: boolean;
}

export interface GuardedCompensation extends CompensationBase {
  strategy: 'guarded';
  /**
   * For an inverse that removes or closes a container: the snapshot field listing, as `resourceKey()`
   * strings, what sits inside or on it (subtasks, child blocks, comments, commits, replies). At
   * planning, an item in the current list that was not in `post` and that this same rollback does not
   * remove first is someone else's work (a person's, or another session's even on the same token): the
   * step is a `conflict` and the gentler inverse runs, if any. Items the session itself put there and
   * undoes earlier in the rollback are not others' work. List the items' keys in the form their own
   * actions' `resource()` gives, so the two meet.
   */
  contents?: string;
  /**
   * The inverse takes its resource out of use without deleting it, where the provider deletes no such
   * thing (a Stripe promotion code, which can only be deactivated): at planning, a container this same
   * rollback removes afterwards does not count it as others' work, as if the rollback had deleted it.
   * Only when this inverse itself runs (not when its step is a conflict), or ran in an earlier rollback
   * and its resource, read again, still holds what it expects (nobody put it back in use since).
   */
  retires?: boolean;
}

/** What both strategies carry. */
export interface CompensationBase {
  /** Name of the adapter's compensation operation, e.g. `github.issue.close`. */
  operation: string;
  resource: ResourceRef;
  /**
   * Arguments for the operation. For `restore-fields` the engine adds `values`: the pre-state of the
   * fields it decided to restore.
   */
  input: Json;
  /**
   * The fields compared. In a guarded inverse, one ending in `*` stands for every field with that prefix
   * in either snapshot (`label:*`: each label, one field per label, so a label someone added since is
   * seen beside the labels the write left).
   */
  fields: string[];
  pre: Snapshot | null;
  post: Snapshot | null;
  expect: Expectation;
  /** A softer inverse used when the resource is in conflict and the rollback is not forced. */
  gentler?: Compensation;
  /**
   * Other resources this action relied on or sits inside (a comment's issue, a block's page, a
   * subtask's parent task, a file's branch): their compensations run after this one.
   */
  dependsOn?: ResourceRef[];
  /**
   * Containers this inverse puts its resource back inside (a subtask moved back under its former parent):
   * at planning, older steps on those containers see it inside, so one this rollback would remove keeps
   * it unless the same rollback also takes it away.
   */
  into?: ResourceRef[];
  /**
   * Containers this inverse takes its resource out of (a task the agent moved under its own new task,
   * moved back where it was): at planning, older steps on those containers no longer count it inside, so
   * one this rollback removes (the agent's creation of that task) is not kept for it. Only when this
   * inverse itself runs; the container's removal then runs after it.
   */
  outOf?: ResourceRef[];
  /**
   * The field whose restore makes the `into` and `outOf` moves (a task's `parent`): where someone else's
   * value of it is kept, the inverse runs for its other fields only and the resource stays where they
   * put it, so neither move happens. Without it, any run of this inverse makes them.
   */
  movesVia?: string;
  /**
   * The idempotency key of the write that made the resource this inverse acts on, where that write is
   * journaled under another name (a message Slack posted from the agent's scheduled one: the schedule
   * names the scheduled message, an edit of the posted one names the message). Through it, this write
   * counts as a later session's write on what that one made (its rollback keeps it whole for this one's
   * undo to finish), and this write's undo frees it (owed undos).
   */
  madeBy?: string;
  /** The trace the compensation leaves behind, in a sentence (a revert commit, a closed issue). */
  residue?: string;
  /**
   * What the write itself left that no undo takes back, in a sentence (the proration Stripe invoiced for
   * a subscription change): named in the report also where the step reads already undone, someone else
   * having put the fields back, since the write's trace stays all the same.
   */
  lasting?: string;
  /** ISO time after which the inverse no longer works. */
  reversibleUntil?: string;
  /**
   * The inverse to use once `reversibleUntil` has passed (a scheduled message that already posted is
   * deleted instead of cancelled). Without it, the step is reported as expired.
   */
  afterExpiry?: Compensation;
  /** One human-readable line: what running it does. */
  description: string;
}

/** What the builders fill in from the action's compensation arguments. */
interface FromAction {
  resource: ResourceRef;
  pre: Snapshot | null;
  post: Snapshot | null;
}

/** A spec for a builder: the inverse without what the action already knows (`resource` defaults to the action's). */
type InverseSpec<C extends Compensation> = Omit<C, 'strategy' | 'resource' | 'pre' | 'post' | 'expect'> & { resource?: ResourceRef };

/**
 * The inverse that puts back, field by field, what the agent changed: three-way at planning (a field
 * someone else changed since is theirs and stays); the engine adds the values to restore. Fills the
 * resource, pre- and post-state from the action's arguments, and expects each field back at its
 * pre-state value.
 */
export function restoreFields(action: FromAction, spec: InverseSpec<RestoreFieldsCompensation>): RestoreFieldsCompensation {
  const { resource = action.resource, ...rest } = spec;
  return {
    ...rest,
    strategy: 'restore-fields',
    resource,
    pre: action.pre,
    post: action.post,
    expect: { fields: Object.fromEntries(spec.fields.map((field) => [field, (action.pre?.[field] ?? null) as Json])) },
  };
}

/**
 * The inverse that undoes the whole resource (deletes what the agent created, closes what it opened),
 * only while every field in `fields` still holds what the agent left; otherwise the step is a conflict
 * and `gentler`, if any, runs instead. Fills the resource, pre- and post-state from the action's
 * arguments; `expect` says what the resource looks like after it ran.
 */
export function guardedUndo(action: FromAction, spec: InverseSpec<GuardedCompensation> & { expect: Expectation }): GuardedCompensation {
  const { resource = action.resource, ...rest } = spec;
  return { ...rest, strategy: 'guarded', resource, pre: action.pre, post: action.post };
}
