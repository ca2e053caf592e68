// Who set a field last, for the three-way check by value: a person who set a field to the very value the
// agent left (or changed it and changed it back) looks like the agent to a comparison of values, and a
// rollback would put the earlier value back over their choice. Where the adapter can read the provider's
// history, a field someone else set last is theirs, kept.
import type { Adapter, FieldWriter } from '../contract/adapter.js';
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';
import { errorJson } from '../runtime/errors-json.js';
import { LOOKED_UP_VERSION } from '../runtime/commit.js';
import { expandFields } from './three-way.js';

type Writers = Map<string, FieldWriter | null>;

/**
 * Asks each resource's history at most once per plan, and only where it can matter: a field would be
 * restored, and the resource's version differs from the one the rollback's newest write on it left (so
 * someone, or a write outside this rollback, touched it since). A resource nobody touched costs nothing.
 */
export class LastWriters {
  /** The version each resource's newest planned write left, from the first (newest) step that carries one. */
  private readonly newest = new Map<string, string>();
  /** The version the last step seen on each resource read before it wrote (its pre-state's). */
  private readonly newerPre = new Map<string, string | null>();
  /** Resources someone touched between two of the rollback's writes on them (or after one settled by a lookup, version unknown). */
  private readonly movedBetween = new Set<string>();
  private readonly asked = new Map<string, Promise<Writers>>();

  constructor(
    private readonly context: RuntimeContext,
    /** Each resource as planning read it (before any projection of newer steps). */
    private readonly asRead: ReadonlyMap<string, Snapshot | null>,
  ) {}

  /**
   * Records a step's post-state version, newest first: the first one with a version is the newest; an
   * older one that differs from what the newer step read before it wrote means someone wrote in between
   * (a write settled late by a lookup, its version unknown, always counts as that).
   */
  saw(key: string, adapter: Adapter, compensation: Compensation): void {
    const version = versionOf(adapter, compensation.post);
    if (!this.newest.has(key) && version !== null) this.newest.set(key, version);
    else if (version === LOOKED_UP_VERSION || (version !== null && (this.newerPre.get(key) ?? version) !== version)) this.movedBetween.add(key);
    this.newerPre.set(key, versionOf(adapter, compensation.pre));
  }

  /**
   * The fields among `fields` (ones holding the agent's value) that the history says someone else set
   * since, each with why; a field it cannot vouch for (no write of it named, or the history unreadable)
   * is kept too: never reverted without proof it is still the agent's.
   */
  async setSince(key: string, adapter: Adapter, compensation: Compensation, fields: string[]): Promise<Map<string, string>> {
    const kept = new Map<string, string>();
    if (fields.length === 0) return kept;
    let writers: Writers | undefined;
    try {
      writers = await this.sinceMoved(key, adapter, compensation);
    } catch (error) {
      const message = (errorJson(error) as { message?: string }).message ?? 'read failed';
      for (const field of fields) kept.set(field, `written since, and its history could not be read: ${message}`);
      return kept;
    }
    if (!writers) return kept;
    for (const field of fields) {
      if (!writers.has(field)) continue;
      const writer = writers.get(field);
      if (writer === null || writer === undefined) kept.set(field, 'written since, and its history names no write of it');
      else if (!writer.self) kept.set(field, `set again by ${writer.by}`);
    }
    return kept;
  }

  /**
   * For an undo of the whole resource (guarded, over `fields`): the fields the history names someone
   * other than the agent as having set since, with who. A person who changed one and changed it back
   * leaves the values the agent left, yet built on the resource. Only a named writer counts here: a
   * field with no change in the history was set by the write that made the resource. A history that
   * cannot be read adds nothing: the values, compared as always, still guard the undo.
   */
  async othersSince(key: string, adapter: Adapter, compensation: Compensation): Promise<string | undefined> {
    if (compensation.fields.length === 0) return undefined;
    const writers = await this.sinceMoved(key, adapter, compensation).catch(() => undefined);
    if (!writers) return undefined;
    const others = expandFields(compensation.fields, Object.fromEntries(writers)).flatMap((field) => {
      const writer = writers.get(field);
      return writer && !writer.self ? [`${field} by ${writer.by}`] : [];
    });
    return others.length > 0 ? others.join(', ') : undefined;
  }

  /** The resource's writers when its version moved since the newest planned write (asked once per plan); undefined when it did not, or cannot tell. */
  private async sinceMoved(key: string, adapter: Adapter, compensation: Compensation): Promise<Writers | undefined> {
    if (!adapter.lastWriters) return undefined;
    const newest = this.newest.get(key);
    if (newest === undefined || (!this.movedBetween.has(key) && versionOf(adapter, this.asRead.get(key) ?? null) === newest)) return undefined;
    return this.writers(key, adapter, compensation);
  }

  private writers(key: string, adapter: Adapter, compensation: Compensation): Promise<Writers> {
    let asked = this.asked.get(key);
    if (!asked) {
      asked = withRetry(() => adapter.lastWriters!(compensation.resource), this.context.clock, this.context.retry);
      this.asked.set(key, asked);
    }
    return asked;
  }
}

/** The version marker a snapshot carries, as a string to compare; null without one. */
function versionOf(adapter: Adapter, snapshot: Snapshot | null): string | null {
  const value = adapter.versionField && snapshot ? snapshot[adapter.versionField] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
