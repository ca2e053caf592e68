// What every route handler works with: the records, ids, Stripe's clock (seconds), typed lookups that
// answer as Stripe does for an object not there (404 for the object a path names, 400 for one a
// parameter names), and the parameter checks Stripe makes before it changes anything.
import type { FormObject, FormValue } from './form.js';
import { fail, invalid, missing, missingNamed, unknownParameter } from './errors.js';
import type { StripeObject } from './objects.js';
import type { StripeState } from './records.js';

export interface Desk {
  state: StripeState;
  id(prefix: string): string;
  /** Unix seconds on the simulator clock, as Stripe's `created` fields. */
  now(): number;
  /**
   * The live object of that kind the request's path names, or Stripe's 404 `resource_missing` (deleted
   * objects are missing too). For an object a parameter names, use `named`.
   */
  get(object: string, id: string, param?: string, label?: string): StripeObject;
  /**
   * Notes an object this write is about to change besides the one it answers, so it makes its own event
   * (`type`, where Stripe names it otherwise than `<object>.updated`: `payment_method.attached`).
   */
  touch(object: StripeObject, type?: string): void;
  /** An event of `type` about `object` as it is now, made after the write's own (a payment's outcome). */
  announce(object: StripeObject, type: string): void;
}

export function createDesk(state: StripeState, id: (prefix: string) => string, nowMs: () => number): Desk {
  return {
    state,
    id,
    now: () => Math.floor(nowMs() / 1000),
    get: (object, id, param = 'id', label = object.replaceAll('_', ' ')) => live(state, object, id) ?? fail(missing(label, id, param)),
    touch(object, type) {
      if (!state.touched.some((noted) => noted.object === object)) state.touched.push({ object, before: JSON.stringify(object), ...(type ? { type } : {}) });
    },
    announce(object, type) {
      state.announced.push({ object: structuredClone(object), type });
    },
  };
}

/** The object of that kind under the id, unless it was never made or is deleted. */
const live = (state: StripeState, object: string, id: string): StripeObject | undefined => {
  const found = state.objects.get(id);
  return found && found.object === object && found['deleted'] !== true ? found : undefined;
};

/**
 * The live object a body or query parameter names (`param` as the request sent it: `customer`,
 * `items[0][price]`), or Stripe's 400 `resource_missing` naming that parameter: the request is bad, not
 * the URL (a 404 is for the object a path names, `desk.get`).
 */
export const named = (desk: Desk, object: string, id: string, param: string, label = object.replaceAll('_', ' ')): StripeObject =>
  live(desk.state, object, id) ?? fail(missingNamed(label, id, param));

/**
 * The customer a list is filtered by (`customer`), if any. One Stripe cannot find is a bad request naming
 * the parameter (docs.stripe.com/api/charges/list: "If you provide a non-existent customer ID, this call
 * throws an error"); a deleted customer is still found, as its retrieval finds it.
 */
export function listedCustomer(desk: Desk, params: FormObject): string | undefined {
  const customer = text(params, 'customer');
  if (customer !== undefined && desk.state.objects.get(customer)?.object !== 'customer') fail(missingNamed('customer', customer, 'customer'));
  return customer;
}

/** Stripe refuses a parameter it does not know before anything happens (`parameter_unknown`). */
export function allowOnly(params: FormObject, names: readonly string[]): void {
  const unknown = Object.keys(params).find((name) => name !== 'expand' && !names.includes(name));
  if (unknown) fail(unknownParameter(unknown));
}

/** A form value as a string, or undefined; '' stays '' (Stripe's way of unsetting a field). */
export function text(params: FormObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(invalid(`Invalid string: ${JSON.stringify(value)}`, name));
  return value;
}

/** A field Stripe lets you unset with '': null then. */
export const nullable = (params: FormObject, name: string, current: unknown) => {
  const value = text(params, name);
  return value === undefined ? current : value === '' ? null : value;
};

export function integer(params: FormObject, name: string, { min = 0 } = {}): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min) fail(invalid(`Invalid integer: ${value}`, name));
  return Number(value);
}

export function decimal(params: FormObject, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) fail(invalid(`Invalid decimal: ${value}`, name));
  return Number(value);
}

export function bool(params: FormObject, name: string): boolean | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') fail(invalid(`Invalid boolean: ${value}`, name));
  return value === 'true';
}

export function oneOf<T extends string>(params: FormObject, name: string, values: readonly T[]): T | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) fail(invalid(`Invalid ${name}: must be one of ${values.join(', ')}`, name));
  return value as T;
}

export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) fail(invalid(`Missing required param: ${name}.`, name, 'parameter_missing'));
  return value;
}

/** An ISO 4217 code as Stripe keeps it: three lower-case letters. */
export function currency(params: FormObject, name = 'currency'): string | undefined {
  const value = text(params, name)?.toLowerCase();
  if (value !== undefined && !/^[a-z]{3}$/.test(value)) fail(invalid(`Invalid currency: ${value}.`, name));
  return value;
}

export const list = (value: FormValue | undefined): FormValue[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : value === '' ? [] : fail(invalid('Invalid array', undefined));

/**
 * One page of a list as Stripe answers it (docs.stripe.com/api/pagination): newest first; `created` an
 * exact second or its `gt`, `gte`, `lt`, `lte` (an invoice item's is its `date`); the page after the
 * `starting_after` object; `limit` from 1 to 100, default 10; `has_more` when more follow.
 */
export function listPage(params: FormObject, url: string, objects: StripeObject[]): { object: 'list'; data: StripeObject[]; has_more: boolean; url: string } {
  const created = params['created'];
  const range: FormObject = created === undefined ? {} : typeof created === 'string' ? { gte: created, lte: created } : Array.isArray(created) ? fail(invalid('Invalid created', 'created')) : created;
  const [gt, gte, lt, lte] = (['gt', 'gte', 'lt', 'lte'] as const).map((bound) => integer(range, bound));
  const inRange = (at: number) => (gt === undefined || at > gt) && (gte === undefined || at >= gte) && (lt === undefined || at < lt) && (lte === undefined || at <= lte);
  // The records keep creation order: the newest is the last made.
  const newest = objects.filter((found) => inRange((found['created'] ?? found['date']) as number)).reverse();
  const after = text(params, 'starting_after');
  const start = after === undefined ? 0 : newest.findIndex((found) => found.id === after) + 1;
  // A cursor is a query parameter: one Stripe cannot find is a bad request naming it.
  if (after !== undefined && start === 0) fail(missingNamed('object', after, 'starting_after'));
  const limit = integer(params, 'limit', { min: 1 }) ?? 10;
  if (limit > 100) fail(invalid('This value must be less than or equal to 100.', 'limit'));
  return { object: 'list', data: newest.slice(start, start + limit), has_more: start + limit < newest.length, url };
}
