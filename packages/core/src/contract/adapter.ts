// Adapters: one provider's actions, its resource reader and the operations compensations name.
import type { z } from 'zod';
import type { ActionContext, ActionDefinition } from './action.js';
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

/** A short quoted excerpt of a resource's text for a description: `"Deploy done, rolling b…"`. */
export function quoted(text: unknown, max = 48): string {
  const flat = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

export interface Adapter<Client = any> {
  provider: string;
  client: Client;
  actions: ActionDefinition<any, any, Client>[];
  /** The current state of a resource in snapshot form; null when it no longer exists. */
  read(resource: ResourceRef): Promise<Snapshot | null>;
  /**
   * Optional: many resources read in as few requests as the API allows (Linear `issues(filter: { id:
   * { in } })`, GitHub GraphQL `nodes`, a range of Slack messages). Gives each resource's snapshot by
   * `resourceKey()`, null when it no longer exists; a resource it leaves out is read with `read`.
   * Planning uses it so a rollback costs at most one read per step to plan.
   */
  readMany?(resources: ResourceRef[]): Promise<Map<string, Snapshot | null>>;
  compensations: Record<string, CompensationOperation<Client>>;
  /** The provider's write rate limit, so a rollback paces itself instead of collecting 429s. */
  rateLimit?: RateLimit;
  /** Secret values (tokens) this adapter holds: scrubbed from anything the journal stores. */
  secrets?(): string[];
  /** People who saw or touched a resource, from its snapshot (for the blast radius). */
  actors?(snapshot: Snapshot): string[];
  /**
   * Optional: names a resource as people know it (an issue's number and title, a channel's name, a
   * task's name) from its ref and a journaled snapshot of it (null when none is known). Makes no
   * request: it runs on every step an operator lists.
   */
  describe?(resource: ResourceRef, snapshot: Snapshot | null): ResourceDescription;
  /**
   * Optional: the resource a link into the provider's app names (an issue's page, a message's
   * permalink), or null when it names none of this adapter's resources, for operators who paste a link
   * (`backspace history <url>`). Where the link names the object otherwise than its ref does (a Linear
   * issue by its identifier), it may ask the provider.
   */
  resourceFromUrl?(url: string): ResourceRef | null | Promise<ResourceRef | null>;
}
