// Action definitions: one tool call's schema, class, pre-state read, keyed write, lookup and inverse.
import type { z } from 'zod';
import type { Clock } from './clock.js';
import { BackspaceError } from '../errors.js';
import type { CompensationOperation } from './adapter.js';
import type { Compensation } from './compensation.js';
import type { Snapshot } from './json.js';
import type { ResourceRef } from './resource.js';
import type { Reversibility } from './reversibility.js';

export interface ActionContext<Client = unknown> {
  client: Client;
  /** The write's idempotency key: send it to the provider (native id or marker) so `lookup` can find it. */
  idempotencyKey: string;
  clock: Clock;
  /**
   * Aborted when the kill switch stops this agent or session while the call is in flight: pass it to
   * the SDK so the request stops at once (a write stopped this way may still have landed).
   */
  signal?: AbortSignal;
  /**
   * For `execute` and `lookup`: the pre-state recorded with the write's intent (what `snapshot` read
   * before it), so a write need not read it again and a lookup in another process can tell what
   * existed before the attempt. For a compensation's `run`: the resource's state as planning read it
   * for that step (newer steps on it projected), so the inverse need not read it again.
   */
  pre?: Snapshot | null;
  /**
   * For `lookup`: when the write's intent was journaled (ms on the runtime's clock), so a lookup need
   * read only what the provider recorded since (its events, the objects made since).
   */
  attemptedAt?: number;
  /**
   * For `lookup`, when asked: the resources the same session's later writes named. The agent may have
   * found what this write made without its answer and acted on it (trashed the page it created); a
   * provider that lists no such thing any more (nothing in its trash is listed) can be asked for these
   * by id. With `'journal'`, those any session's later writes named: another agent on the same token
   * may have found it and trashed it (what it made is still this write's, and another's to undo).
   */
  laterResources?: (across?: 'session' | 'journal') => Promise<ResourceRef[]>;
  /**
   * For `lookup`, when asked: whether the journal records this resource as made by another action (a
   * create's commit, signed by a trusted writer where writers sign). A lookup weighing what it found
   * against what this write may have become can leave such a resource out: it is not this write's.
   */
  madeByAnother?: (resource: ResourceRef) => Promise<boolean>;
  /**
   * For `lookup`, when asked: whether the journal records another action's committed write on this
   * resource after this attempt's intent (another session on the same token deleted a block this write
   * would also have trashed, say). What that write changed is that action's: a lookup weighing who
   * changed what leaves it out.
   */
  writtenByAnotherSince?: (resource: ResourceRef) => Promise<boolean>;
  /**
   * For a compensation's `run`: 1 on its first attempt in this rollback, more when the engine retries it
   * after a retryable failure. A retried attempt cannot trust `pre` on what the attempt before may have
   * done (opened a revert, created a copy): it asks the provider again.
   */
  attempt?: number;
}

export interface CompensationArgs<Input, Result> {
  input: Input;
  result: Result;
  pre: Snapshot | null;
  post: Snapshot | null;
  resource: ResourceRef;
  /** Milliseconds on the runtime's clock when the action committed. */
  now: number;
}

export interface ActionDefinition<Input = any, Result = any, Client = any> {
  /** `<provider>.<resource>.<verb>` */
  name: string;
  reversibility: Reversibility;
  /** For operators: what the action does and how it is undone (`Open an issue; undone by closing it ...`). */
  description: string;
  /**
   * For a model choosing tools: when to use it and what it changes. Without it, `listActions()` builds
   * one from `description` and the reversibility class.
   */
  modelDescription?: string;
  /** The inverse in a sentence; without it, the part of `description` after its first `;`. */
  inverse?: string;
  /** Where the inverse stops working after a time, when, in a sentence (`within 30 days: Linear empties its trash`). */
  reversibleUntil?: string;
  /** True for an action that only reads (none of the built-in adapters has one yet). */
  readOnly?: boolean;
  input: z.ZodType<Input>;
  /** Dotted paths (with `*` for any key or index) redacted before input and result reach the journal. */
  sensitive?: { input?: string[]; result?: string[] };
  /**
   * For an action that moves money or puts a value in play: its value at risk from its own input (a
   * refund's amount, in major units), so policy rules (approval above a value) apply without the agent
   * passing it, and the journal and the plan show it. An agent's `valueAtRisk` counts only when higher.
   */
  valueAtRisk?(input: Input): number | undefined;
  /**
   * The resource, when the input names it (updates). Creates learn theirs from the result (`resource`).
   * It is also the resource the write touched unless `resource` says otherwise.
   */
  target?(input: Input): ResourceRef;
  /**
   * The resource as its pre-state names it, where the input may name it by an alias (Linear's "ENG-12"
   * for the id; GitHub's file put with no branch, for the default branch, which it may ask the
   * provider): the write's intent is journaled under it as its outcome is, so a lost write, its rollback
   * and later writes name one resource. Defaults to `target(input)`.
   */
  canonicalTarget?(input: Input, pre: Snapshot | null, context: ActionContext<Client>): ResourceRef | Promise<ResourceRef>;
  /** Reads the pre-state; only where the inverse needs it (a create needs none). */
  snapshot?(input: Input, context: ActionContext<Client>): Promise<Snapshot | null>;
  /** The write itself, carrying `context.idempotencyKey`. */
  execute(input: Input, context: ActionContext<Client>): Promise<Result>;
  /**
   * Finds an earlier attempt of this write by its key; without it a write is never retried blindly.
   * Answer as the write would have: what the object found says now may be others' edits since (a person
   * rewrote the agent's message), and the post-state built from it would count their work as the
   * agent's. Where the provider shows an edit (Slack's `edited`, a key no longer in a body), give the
   * values the write sent instead.
   */
  lookup?(input: Input, context: ActionContext<Client>): Promise<Result | undefined>;
  /**
   * The resource the write touched; defaults to `target(input)`. Give it where the input does not name
   * the resource (a create learns it from the result) or where the answer names it otherwise than the
   * input does (GitHub's file put: the branch the answer gives). An action without `target` must have it:
   * the registry refuses an action with neither.
   */
  resource?(input: Input, result: Result): ResourceRef;
  /** The post-state the agent left; defaults to reading the resource again through the adapter. */
  post?(input: Input, result: Result, pre: Snapshot | null): Snapshot | null;
  /**
   * The inverse, or null when there is none (irreversible). Build it with `restoreFields` or
   * `guardedUndo` (compensation.ts), which fill in the resource (the action's own unless given), the
   * pre- and post-state. Called once before the write with `result: undefined` to stage it with the
   * intent: answer null there when it needs the provider's answer.
   */
  compensation(args: CompensationArgs<Input, Result>): Compensation | null;
  /**
   * The operations this action's inverses name, declared beside it: each with its strict input schema
   * (checked before it runs, so a forged inverse touches nothing) and its `run`. Operations several
   * actions share may live in the adapter's `compensations` instead.
   */
  inverses?: Record<string, CompensationOperation<Client>>;
  /**
   * The fewest requests the provider must receive for one call of this action (the pre-state read and
   * the write itself, say), as declared by the adapter; the benchmark compares what a call really costs
   * against it (`calls.<action>`, `calls.overheadRatio`).
   */
  minimumRequests?: number;
}

/**
 * The resource an action's write touched: its `resource(input, result)`, or else its `target(input)`.
 * What the runtime journals the write under and what its rollback reads and undoes.
 */
export function actionResource<Input, Result>(definition: Pick<ActionDefinition<Input, Result>, 'name' | 'target' | 'resource'>, input: Input, result: Result): ResourceRef {
  if (definition.resource) return definition.resource(input, result);
  if (definition.target) return definition.target(input);
  throw new BackspaceError('invalid_config', `action "${definition.name}" names its resource neither by resource() nor by target()`);
}

/**
 * Identity helper that keeps an action's types checked where it is written. Written without type
 * arguments, it also keeps the action's name and input schema as types, so `session.run` is typed from
 * the adapters a runtime was given (see `ActionsByName`); with explicit ones, the action runs untyped.
 */
export function defineAction<Input, Result, Client, const Name extends string = string, Schema extends z.ZodType<Input> = z.ZodType<Input>>(
  definition: ActionDefinition<Input, Result, Client> & { name: Name; input: Schema },
): ActionDefinition<Input, Result, Client> & { name: Name; input: Schema } {
  return definition;
}

/**
 * `defineAction` for one connector's client: `const defineGithubAction = actionsFor<GithubClient>()`.
 * Everything else is inferred (the input from its schema, the result from `execute`, the name as
 * written), so `session.run` is typed from the adapters a runtime was given.
 */
export function actionsFor<Client>() {
  return <Input, Result, const Name extends string, Schema extends z.ZodType<Input>>(
    definition: ActionDefinition<Input, Result, Client> & { name: Name; input: Schema },
  ): ActionDefinition<Input, Result, Client> & { name: Name; input: Schema } => definition;
}

/** The input an agent gives an action: what its schema accepts (before defaults and transforms). */
export type ActionInput<Action> = Action extends { input: infer Schema extends z.ZodType } ? z.input<Schema> : unknown;

/** What an action answers. */
export type ActionResult<Action> = Action extends ActionDefinition<any, infer Result, any> ? Result : unknown;
