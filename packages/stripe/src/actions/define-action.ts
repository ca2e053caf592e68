// How a Stripe action is declared: `defineAction` for the Stripe client, every other type inferred.
// Stripe answers a keyed request sent again only when its parameters are those the key was first used
// with, and the journal keeps an action's input with its keys sorted: a lookup in another process (the
// agent died, planning settles its write) replays that. So the write and its lookup both send the
// input's keys sorted, byte for byte the same request.
import { actionsFor, type ActionDefinition, type Json, type Snapshot } from '@backspace/core';
import type { z } from 'zod';
import type { StripeClient } from '../client.js';
import { withWriteRequest } from '../last-writers.js';

const define = actionsFor<StripeClient>();

/** The value with every object's keys in sorted order, as the journal's canonical JSON keeps them. */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, Json>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([key, member]) => [key, sortedKeys(member)])) as T;
}

export function defineStripeAction<Input, Result, const Name extends string, Schema extends z.ZodType<Input>>(
  definition: ActionDefinition<Input, Result, StripeClient> & { name: Name; input: Schema },
): ActionDefinition<Input, Result, StripeClient> & { name: Name; input: Schema } {
  const { execute, lookup, post } = definition;
  return define({
    ...definition,
    // A post-state names the request that wrote it: the adapter's `versionField` (last-writers.ts).
    ...(post ? { post: (input: Input, result: Result, pre: Snapshot | null) => withWriteRequest(post(input, result, pre), result) } : {}),
    execute: (input, context) => execute(sortedKeys(input), context),
    ...(lookup ? { lookup: (input: Input, context: Parameters<typeof lookup>[1]) => lookup(sortedKeys(input), context) } : {}),
  });
}
