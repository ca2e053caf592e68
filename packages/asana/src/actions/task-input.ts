// Input pieces the task actions share: gids, dates, the writable task fields, and finding a write again.
import { z } from 'zod';
import type { AsanaClient, AsanaObject } from '../client.js';

/** The one form of a gid, the digit string Asana answers with: leading zeros dropped. */
export function canonicalGid(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.replace(/^0+(?=\d)/, '');
}

const gidText = z.string().trim().regex(/^\d+$/, 'must be an Asana gid (digits)');

/**
 * An Asana gid, given as a string or a number, in its canonical form: one task named two ways
 * (`1204000000000019`, `'1204000000000019'`, `'01204000000000019'`) is one resource, with one resource
 * key and one set of snapshot field names.
 */
export const gid = z
  .union([gidText, z.number().int().nonnegative().refine(Number.isSafeInteger, 'a gid past 2^53 loses digits as a number: give it as a string')])
  .transform(canonicalGid)
  .describe('An Asana gid: the object\'s numeric id as a string of digits, e.g. "1204000000000019" (the number in its Asana URL).');

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');

/** A user reference as Asana takes it: a gid, `me`, or an email. */
export const userReference = z
  .union([gid, z.literal('me'), z.email()])
  .describe('A person: their user gid (e.g. "1204000000000003"), their email (e.g. "ana@example.com"), or "me" for the connected account.');

/** Custom field values by field gid: text, number, or enum option gid; null clears. Asana checks the types. */
export const customFieldValues = z
  .record(gidText.transform(canonicalGid), z.union([z.string(), z.number(), z.null()]))
  .describe(
    'Custom field values keyed by the custom field\'s gid: text as a string, a number, an enum option\'s gid for a drop-down, or null to clear, e.g. {"1204000000000101":"High risk","1204000000000102":5}. Only the fields given change.',
  );

export const writableTaskFields = {
  name: z.string().min(1).max(1024).describe('The task name: one short line, e.g. "Renew SSL certificate".'),
  notes: z.string().max(65_536).describe('The task description as plain text; it replaces the whole description.'),
  assignee: userReference
    .nullable()
    .describe('Who the task is assigned to: a user gid, an email, or "me" for the connected account; null for nobody.'),
  due_on: date.nullable().describe('The due date as YYYY-MM-DD, e.g. "2026-12-31"; null clears it. Not with due_at.'),
  due_at: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('A due date and time as ISO 8601 with an offset, e.g. "2026-12-31T17:00:00Z"; null clears it. Not with due_on.'),
  start_on: date
    .nullable()
    .describe('The start date as YYYY-MM-DD, before the due date; null clears it. Asana takes it only with due_on or due_at in the same call.'),
  completed: z.boolean().describe('true marks the task complete, false marks it incomplete again.'),
  custom_fields: customFieldValues,
};

/** Asana takes a due date or a due time in one request, never both (its description: "should not be used together"). */
export const oneDue: [(fields: { due_on?: unknown; due_at?: unknown }) => boolean, { message: string; path: string[] }] = [
  (fields) => fields.due_on === undefined || fields.due_at === undefined,
  { message: 'give due_on or due_at, not both: Asana refuses both in one request (a due time sets the date too)', path: ['due_at'] },
];

/** Asana takes `start_on` (set or cleared) only with `due_on` or `due_at` in the same request (its description says so, and it answers 400). */
export const startWithDue: [(fields: { start_on?: unknown; due_on?: unknown; due_at?: unknown }) => boolean, { message: string; path: string[] }] = [
  (fields) => fields.start_on === undefined || fields.due_on !== undefined || fields.due_at !== undefined,
  { message: 'give due_on or due_at with start_on: Asana refuses a start date set or cleared without one in the same request', path: ['start_on'] },
];

/**
 * A user reference as the gid Asana answers with, so inputs compare with what it returns: `me` is the
 * token's user, an email is asked of Asana (`GET /users/{email}`, which takes one). Compared as given,
 * an email never equals a read, and a lost write's lookup took the agent's own assignee for another's.
 */
export async function resolveUser(reference: string | null | undefined, client: AsanaClient): Promise<string | null | undefined> {
  if (reference === 'me') return client.myGid();
  if (typeof reference === 'string' && reference.includes('@')) return (await client.call<AsanaObject>('getUser', false, () => client.users.getUser(reference, { opt_fields: 'gid' }))).gid as string;
  return reference;
}
