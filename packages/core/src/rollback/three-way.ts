// The three-way check, field by field: pre (before the agent), post (what it left), current (now).
import type { Compensation, Expectation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import { canonicalJson } from '../journal/hash-chain.js';

export type StepStatus = 'undo' | 'partial' | 'conflict' | 'already-undone' | 'gone' | 'expired' | 'irreversible' | 'unreachable';

export interface FieldCheck {
  field: string;
  pre: Json;
  post: Json;
  current: Json;
  /** restore: still the agent's value; keep: someone changed it since; already: back at pre. */
  decision: 'restore' | 'keep' | 'already';
  /** Why a field holding the agent's value is kept: the provider's history says someone else set it since. */
  setSince?: string;
}

export interface Assessment {
  status: StepStatus;
  reason: string;
  fields?: FieldCheck[];
  /** Fields to restore (restore-fields strategy). */
  restore?: string[];
  /** Keys of what others put inside the resource (guarded inverses with `contents`). */
  foreign?: string[];
}

export function sameJson(left: Json | undefined, right: Json | undefined): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return (left ?? null) === (right ?? null);
  return canonicalJson(left) === canonicalJson(right);
}

export function matchesExpectation(current: Snapshot | null, expect: Expectation): boolean {
  if ('absent' in expect) return current === null;
  if (current === null) return false;
  return Object.entries(expect.fields).every(([field, value]) => sameJson(current[field], value));
}

/**
 * Restore only where pre != post and current == post; report the rest. `setSince`: fields that hold the
 * agent's value but that, as the provider's history tells, someone else set since (the same value again,
 * or changed and changed back), each with why: theirs, kept.
 */
export function assessRestoreFields(compensation: Compensation, current: Snapshot | null, setSince: ReadonlyMap<string, string> = new Map()): Assessment {
  if (current === null) return { status: 'gone', reason: 'the resource no longer exists: someone else deleted it' };
  const pre = compensation.pre ?? {};
  const post = compensation.post ?? {};
  const fields: FieldCheck[] = compensation.fields
    .filter((field) => !sameJson(pre[field], post[field]))
    .map((field) => {
      const check = { field, pre: pre[field] ?? null, post: post[field] ?? null, current: current[field] ?? null };
      if (sameJson(check.current, check.post)) {
        const why = setSince.get(field);
        return why === undefined ? { ...check, decision: 'restore' as const } : { ...check, decision: 'keep' as const, setSince: why };
      }
      if (sameJson(check.current, check.pre)) return { ...check, decision: 'already' as const };
      return { ...check, decision: 'keep' as const };
    });
  const restore = fields.filter((check) => check.decision === 'restore').map((check) => check.field);
  const kept = fields.filter((check) => check.decision === 'keep').map((check) => (check.setSince ? `${check.field} (${check.setSince})` : check.field));
  if (fields.length === 0 || restore.length + kept.length === 0) {
    return { status: 'already-undone', reason: 'every field the agent changed is back at its earlier value', fields, restore };
  }
  if (restore.length === 0) {
    return { status: 'conflict', reason: `someone changed ${kept.join(', ')} since the agent did; nothing left to restore`, fields, restore };
  }
  if (kept.length === 0) return { status: 'undo', reason: compensation.description, fields, restore };
  return { status: 'partial', reason: `restore ${restore.join(', ')}; keep ${kept.join(', ')} (changed by someone else since)`, fields, restore };
}

/** A field ending in `*` as every field with that prefix in any of these snapshots, in order; the others as they are. */
export function expandFields(fields: readonly string[], ...snapshots: (Readonly<Record<string, unknown>> | null | undefined)[]): string[] {
  if (!fields.some((field) => field.endsWith('*'))) return [...fields];
  const keys = [...new Set(snapshots.flatMap((snapshot) => Object.keys(snapshot ?? {})))].sort();
  return [...new Set(fields.flatMap((field) => (field.endsWith('*') ? keys.filter((key) => key.startsWith(field.slice(0, -1))) : [field])))];
}

/**
 * Undo the whole resource only while nobody built on it: every guarded field still equals post, and
 * nothing sits inside it (its `contents`) that was not there when the agent left it, unless this
 * rollback removes it first (`removed`: keys of resources earlier steps take away).
 */
export function assessGuarded(compensation: Compensation, current: Snapshot | null, removed: ReadonlySet<string> = new Set(), added: ReadonlySet<string> = new Set()): Assessment {
  if (matchesExpectation(current, compensation.expect)) {
    return { status: 'already-undone', reason: 'the resource is already in the state the inverse leads to' };
  }
  if (current === null) return { status: 'gone', reason: 'the resource no longer exists: someone else deleted it' };
  const post = compensation.post ?? {};
  const fields: FieldCheck[] = expandFields(compensation.fields, post, current)
    .filter((field) => field !== compensation.contents)
    .map((field) => ({
      field,
      pre: compensation.pre?.[field] ?? null,
      post: post[field] ?? null,
      current: current[field] ?? null,
      decision: sameJson(current[field], post[field]) ? ('restore' as const) : ('keep' as const),
    }));
  const changed = fields.filter((check) => check.decision === 'keep').map((check) => check.field);
  const foreign = foreignContents(compensation, current, removed, added);
  if (changed.length > 0 || foreign.length > 0) {
    const because = [
      ...(changed.length > 0 ? [`${changed.join(', ')} changed`] : []),
      ...(foreign.length > 0 ? [`${foreign.join(', ')} put inside it by others`] : []),
    ];
    return { status: 'conflict', reason: `others built on it since the agent's write (${because.join('; ')})`, fields, foreign };
  }
  return { status: 'undo', reason: compensation.description, fields };
}

/**
 * Items inside the resource now, or put back into it by newer steps of this rollback (`added`), that were
 * not there when the agent left it and that this rollback does not remove.
 */
export function foreignContents(compensation: Compensation, current: Snapshot, removed: ReadonlySet<string>, added: ReadonlySet<string> = new Set()): string[] {
  if (!compensation.contents) return [];
  const before = new Set(keyList(compensation.post?.[compensation.contents]));
  const inside = new Set([...itemsInside(compensation, current), ...added]);
  return [...inside].filter((item) => !before.has(item) && !removed.has(item));
}

/** What sits inside the resource now, by the list its inverse names (`contents`); none without one. */
export function itemsInside(compensation: Compensation, current: Snapshot): string[] {
  return compensation.contents ? keyList(current[compensation.contents]) : [];
}

function keyList(value: Json | undefined): string[] {
  const list = unmarked(value);
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Planning marks a field someone changed after a newer step (`{ changedByOthers: value }`) so older
 * steps keep it; a container's list of contents is still read for what it holds.
 */
export function unmarked(value: Json | undefined): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'changedByOthers' in value && Object.keys(value).length === 1 ? value.changedByOthers : value;
}

export function assess(compensation: Compensation, current: Snapshot | null, removed?: ReadonlySet<string>, added?: ReadonlySet<string>, setSince?: ReadonlyMap<string, string>): Assessment {
  return compensation.strategy === 'restore-fields' ? assessRestoreFields(compensation, current, setSince) : assessGuarded(compensation, current, removed, added);
}

/** The state the resource is expected to reach once a compensation ran, for planning older steps on it. */
export function project(current: Snapshot | null, compensation: Compensation, restore: string[] | undefined): Snapshot | null {
  if (compensation.strategy === 'restore-fields') {
    if (current === null) return null;
    const next = { ...current };
    for (const field of restore ?? []) next[field] = compensation.pre?.[field] ?? null;
    return next;
  }
  if ('absent' in compensation.expect) return null;
  return { ...(current ?? {}), ...compensation.expect.fields };
}

/** Replaces each field with a value no agent wrote, so older steps keep it as someone else's. */
export function markChangedByOthers(snapshot: Snapshot | null, fields: string[]): Snapshot | null {
  if (!snapshot) return snapshot;
  const marked = { ...snapshot };
  for (const field of fields) marked[field] = { changedByOthers: unmarked(snapshot[field]) ?? null };
  return marked;
}
