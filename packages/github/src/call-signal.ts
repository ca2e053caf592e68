// Every request an action or an inverse makes carries its call's signal (`ActionContext.signal`, which the
// kill switch aborts): bound here once for every action and compensation, not at each Octokit call.
import type { ActionDefinition, CompensationOperation } from '@backspace/core';
import { withCallSignal, type GithubClient } from './client.js';

/** The action with its pre-state read, write and lookup each bound to the call's signal. */
export function boundToCallSignal<Input, Result>(action: ActionDefinition<Input, Result, GithubClient>): ActionDefinition<Input, Result, GithubClient> {
  const { snapshot, execute, lookup } = action;
  return {
    ...action,
    ...(snapshot ? { snapshot: (input, context) => withCallSignal(context.signal, () => snapshot(input, context)) } : {}),
    execute: (input, context) => withCallSignal(context.signal, () => execute(input, context)),
    ...(lookup ? { lookup: (input, context) => withCallSignal(context.signal, () => lookup(input, context)) } : {}),
  };
}

/** Each compensation operation bound to its run's signal. */
export function compensationsBoundToCallSignal(operations: Record<string, CompensationOperation<GithubClient>>): Record<string, CompensationOperation<GithubClient>> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [name, { ...operation, run: (input: unknown, context) => withCallSignal(context.signal, () => operation.run(input, context)) }]),
  );
}
