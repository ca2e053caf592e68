// Adapters: one provider's actions, its resource reader and the operations compensations name.
import type { z } from 'zod';
import { BackspaceError } from '../errors.js';
import type { ActionContext, ActionDefinition } from './action.js';
import { withCallSignal } from './call-signal.js';
import type { Expectation } from './compensation.js';
import type { Snapshot } from './json.js';
import type { ResourceRef } from './resource.js';

export interface CompensationOperation<Client = any> {
  /**
   * The operation's input, checked before it runs: an inverse read from the journal whose input does
   * not fit (forged, or written by another version) fails its step without reaching the provider.
   */
  input?: z.ZodType;
  /**
   * Runs the inverse; must be safe to run again after a crash (the engine re-plans before it does).
   * `context.pre` is the resource's state as planning read it for this step, so the inverse need not
   * read it again.
   */
  run(input: any, context: ActionContext<Client>): Promise<CompensationReport | void>;
  /**
   * The inverse makes several writes (a page's blocks one by one), so a retry after a failure part-way
   * finds its own earlier writes in place: the engine then does not read the resource again before the
   * retry to tell someone's change made during the wait (it still does for a step reached long after
   * planning, before anything of it ran). Leave it out for an inverse of one write.
   */
  writesMany?: true;
}

/** What an inverse may tell the engine once it ran. */
export interface CompensationReport {
  /**
   * The resource's fields as the write's own answer gives them (null: it is gone). The engine checks the
   * expectation against them instead of reading the resource again, when they name every field the
   * expectation does; otherwise it reads the resource.
   */
  observed?: Snapshot | null;
  /**
   * What the inverse could not put back exactly, one line each (a copy under a new id, children that
   * could not come with it): reported with the rollback's residue, the step still verified.
   */
  residue?: string[];
  /**
   * With `residue` only: the state to verify instead of the staged expectation, where a substitute
   * stands for what could not come back (a block rebuilt under a new id).
   */
  expect?: Expectation;
  /**
   * Set, in words, when the inverse found as it ran that others built on the resource since the
   * rollback was planned, and changed nothing: the step is a conflict, left in place, as one planned
   * so (a later rollback plans it again).
   */
  keptBecause?: string;
}

/** Who wrote a field of a resource last, as the provider's own history tells (see `Adapter.lastWriters`). */
export interface FieldWriter {
  /** The person, bot or app that wrote it, as the provider names them (a login, a user id). */
  by: string;
  /**
   * Written with this adapter's own credentials: the agent's write (or another session's on the same
   * token, which no history can tell apart). Anyone else's write makes the field theirs.
   */
  self: boolean;
}

/**
 * Fields of another resource that a step on some resource can change (see `Adapter.affects`): a block's
 * state in the page holding it, which is made of what sits under the block.
 */
export interface AffectedFields {
  resource: ResourceRef;
  fields: string[];
}

/** A provider's documented write limit: at most `requests` in any window of `windowMs` (runtime clock). */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** A resource as people know it, for operators' tools; the raw `resourceKey()` stays beside it. */
export interface ResourceDescription {
  /** e.g. `issue #12 "Flaky test"`, `message in #ops "Deploy done"`, `task "Call ACME"`. */
  label: string;
  /** A link to the object in the provider's app, where the adapter can make one. */
  url?: string;
}

/** Ids an operator's tool is about to print, for an adapter's `lookupNames`. */
export interface NameLookup {
  /** The resources it lists: the adapter names what their keys point into but do not name (a message's channel). */
  resources?: ResourceRef[];
  /** People by the ids `actors()` gives (a blast radius); ids that are not this provider's are left out. */
  people?: string[];
}

/**
 * What a caller of `Adapter.read` will look at: planning, every field, `contents` list and expected
 * field of the inverses planned on the resource (and of their gentler inverses), and the adapter's
 * `versionField`; verification, the fields the inverse expects back (none when it expects the resource
 * gone). A Notion page's blocks and comments, a Stripe customer's invoices cost requests of their own:
 * a read scoped to a page's properties or a customer's email skips them. An inverse that reads the
 * planned state (`context.pre`) names what it reads among its `fields`.
 */
export interface ReadScope {
  fields: readonly string[];
}

/** Names by raw id, as `lookupNames` gives them: `C0123` -> `#general`, `U0456` -> `Dana Whitfield`. */
export type Names = ReadonlyMap<string, string>;

/** A short quoted excerpt of a resource's text for a description: `"Deploy done, rolling b…"`. */
export function quoted(text: unknown, max = 48): string {
  const flat = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

/**
 * `Actions`: the adapter's actions as written (`actionsFor`), so `session.run` is typed from the
 * adapters a runtime was given; by default any action, untyped.
 */
export interface Adapter<Client = any, Actions extends readonly ActionDefinition<any, any, Client>[] = ActionDefinition<any, any, Client>[]> {
  provider: string;
  client: Client;
  actions: Actions;
  /**
   * The current state of a resource in snapshot form; null when it no longer exists. With a `scope`,
   * the caller looks at those fields only: the adapter may leave out what costs extra requests and lies
   * outside them. Without one, the whole snapshot.
   */
  read(resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null>;
  /**
   * Optional: many resources read in as few requests as the API allows (Linear `issues(filter: { id:
   * { in } })`, GitHub GraphQL `nodes`, a range of Slack messages). Gives each resource's snapshot by
   * `resourceKey()`, null when it no longer exists; a resource it leaves out is read with `read`.
   * Planning uses it so a rollback costs at most one read per step to plan.
   */
  readMany?(resources: ResourceRef[]): Promise<Map<string, Snapshot | null>>;
  /**
   * The operations the actions' inverses name, by name. Optional where each action declares its own
   * beside it (`ActionDefinition.inverses`); `compensationOperations(adapter)` gives both together.
   */
  compensations?: Record<string, CompensationOperation<Client>>;
  /**
   * Optional, with `lastWriters`: the snapshot field holding the resource's version marker, which any
   * write moves (Linear's `updatedAt`, GitHub's `updated_at`); journaled post-states keep it. A three-way
   * check by value cannot tell a person who set a field to the very value the agent left (or changed it
   * and changed it back) from the agent; only when the resource's version now differs from the one the
   * rollback's newest write on it left does planning ask `lastWriters` who set the fields it would
   * restore. A post-state without it (made from an answer that does not carry it) tells nothing, and is
   * passed over. Comparing costs no request, so a resource nobody touched since costs nothing more.
   */
  versionField?: string;
  /**
   * Optional: who wrote each field of the resource last, from the provider's history of it (Linear's
   * issue history, GitHub's issue events), by the snapshot's field names; one read, asked only when the
   * `versionField` says the resource was written since the rollback's newest write on it. A field the
   * history traces but names no write of is given as null (not provably the agent's); a field it does
   * not trace (GitHub keeps no event for a body edit) is left out, and planning compares it by value
   * alone. When it throws, planning keeps every field it would have restored on the resource, as a
   * conflict the operator sees: never a silent revert.
   */
  lastWriters?(resource: ResourceRef): Promise<Map<string, FieldWriter | null>>;
  /**
   * Optional: the fields of OTHER resources that a write on `resource` (and so its undo) changes, where
   * one resource's state is made of another's (a Notion block's state in its page holds the blocks
   * under it, however deep). Planning asks it of newer steps whose whole inverse runs, only when an
   * older step on one of the resources it names finds those fields changed: that step is then checked
   * again after them instead of being left as someone else's conflict. May read the provider (a block's
   * parents); asked at most once per resource and plan, never while the agent works. When it throws,
   * nothing is deferred: the older step stays a conflict, as without it.
   */
  affects?(resource: ResourceRef): Promise<AffectedFields[]>;
  /** The provider's write rate limit, so a rollback paces itself instead of collecting 429s. */
  rateLimit?: RateLimit;
  /** Secret values (tokens) this adapter holds: scrubbed from anything the journal stores. */
  secrets?(): string[];
  /** People who saw or touched a resource, from its snapshot (for the blast radius). */
  actors?(snapshot: Snapshot): string[];
  /**
   * Optional: names a resource as people know it (an issue's number and title, a channel's name, a
   * task's name) from its ref and a journaled snapshot of it (null when none is known). Makes no
   * request: it runs on every step an operator lists. `names`: what `lookupNames` gave, where asked.
   */
  describe?(resource: ResourceRef, snapshot: Snapshot | null, names?: Names): ResourceDescription;
  /**
   * Optional: names for ids a resource's key carries but no snapshot names (a message's channel), and
   * for people, in as few requests as the API allows and cached by the adapter; an id it cannot name
   * is left out. Operators' tools ask once per command for what they print and hand the answer to
   * `describe`; when it fails, they print the ids.
   */
  lookupNames?(lookup: NameLookup): Promise<Map<string, string>>;
  /**
   * Optional: the resource a link into the provider's app names (an issue's page, a message's
   * permalink), or null when it names none of this adapter's resources, for operators who paste a link
   * (`backspace history <url>`). Where the link names the object otherwise than its ref does (a Linear
   * issue by its identifier), it may ask the provider.
   */
  resourceFromUrl?(url: string): ResourceRef | null | Promise<ResourceRef | null>;
}

const operationsByAdapter = new WeakMap<Adapter, Record<string, CompensationOperation>>();

/**
 * Every compensation operation an adapter offers: those its actions declare beside them (`inverses`;
 * two actions declaring one name differently is a configuration error, named), then its
 * `compensations`, which win (a wrapper may rebind them, as a kill-switch guard does). Each runs under
 * its context's signal (`callSignal()`), as an action's write does.
 */
export function compensationOperations(adapter: Adapter): Record<string, CompensationOperation> {
  let operations = operationsByAdapter.get(adapter);
  if (!operations) {
    const declared: Record<string, { operation: CompensationOperation; by: string }> = {};
    for (const action of adapter.actions) {
      for (const [name, operation] of Object.entries(action.inverses ?? {})) {
        const earlier = declared[name];
        if (earlier && earlier.operation !== operation) {
          throw new BackspaceError('invalid_config', `${adapter.provider}: the compensation operation "${name}" is declared by both ${earlier.by} and ${action.name}; give it one home`, { details: { operation: name } });
        }
        declared[name] = { operation: operation as CompensationOperation, by: action.name };
      }
    }
    const all: Record<string, CompensationOperation> = { ...Object.fromEntries(Object.entries(declared).map(([name, { operation }]) => [name, operation])), ...(adapter.compensations ?? {}) };
    // Each run under its context's signal, so an SDK request hook that asks `callSignal()` stops with it.
    operations = Object.fromEntries(Object.entries(all).map(([name, operation]) => [name, { ...operation, run: (input: unknown, context: ActionContext<any>) => withCallSignal(context.signal, () => operation.run(input, context)) }]));
    operationsByAdapter.set(adapter, operations);
  }
  return operations;
}
