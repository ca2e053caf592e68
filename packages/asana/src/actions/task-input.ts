// Input pieces the task actions share: gids, dates, the writable task fields, and finding a write again.
import { z } from 'zod';
import type { ActionContext } from '@backspace/core';
import type { AsanaClient, AsanaObject } from '../client.js';

export const gid = z.string().regex(/^\d+$/, 'must be an Asana gid (digits)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');

/** A user reference as Asana takes it: a gid, `me`, or an email. */
export const userReference = z.union([gid, z.literal('me'), z.email()]);

/** Custom field values by field gid: text, number, or enum option gid; null clears. Asana checks the types. */
export const customFieldValues = z.record(gid, z.union([z.string(), z.number(), z.null()]));

export const writableTaskFields = {
  name: z.string().min(1).max(1024),
  notes: z.string().max(65_536),
  assignee: userReference.nullable(),
  due_on: date.nullable(),
  due_at: z.iso.datetime({ offset: true }).nullable(),
  start_on: date.nullable(),
  completed: z.boolean(),
  custom_fields: customFieldValues,
};

/** How far back a personal-token write is looked for by the matching rule. */
export const MATCH_WINDOW_MS = 15 * 60_000;

/**
 * The matching rule for writes that cannot carry a key (personal access tokens cannot set `external`):
 * the newest candidate with the same name (or text), made by the token's own user, no earlier than
 * MATCH_WINDOW_MS before now, and with the same notes when given.
 */
export async function newestMatch(candidates: AsanaObject[], expected: { name?: string; text?: string; notes?: string }, context: ActionContext<AsanaClient>): Promise<AsanaObject | undefined> {
  const me = await context.client.myGid();
  const since = context.clock.now() - MATCH_WINDOW_MS;
  return candidates
    .filter((candidate) => candidate.created_by?.gid === me && Date.parse(candidate.created_at) >= since)
    .filter((candidate) => (expected.name === undefined || candidate.name === expected.name) && (expected.text === undefined || candidate.text === expected.text))
    .filter((candidate) => expected.notes === undefined || (candidate.notes ?? '') === expected.notes)
    .sort((left, right) => Date.parse(right.created_at) - Date.parse(left.created_at))[0];
}

/** Resolves `me` to the token's user gid, so inputs compare with what Asana returns. */
export async function resolveMe(reference: string | null | undefined, client: AsanaClient): Promise<string | null | undefined> {
  return reference === 'me' ? client.myGid() : reference;
}
