// The conformance check on inverses read from the journal: every compensation operation declares the
// input it accepts, every inverse an action stages fits it, and one forged or mistyped (an unknown
// argument added, a field of the wrong type, its fields missing) fails its step before the provider
// sees it, the resource left as it was.
import { expect } from 'vitest';
import { compensationOperations, type Adapter, type Compensation, type Json, type JournalEntry, type Runtime } from '@backspace/core';

/** The inverse and the ones it carries (gentler, after expiry), each with the operation it names. */
export function stagedInverses(compensation: Compensation | null): Compensation[] {
  if (!compensation) return [];
  return [compensation, ...stagedInverses(compensation.gentler ?? null), ...stagedInverses(compensation.afterExpiry ?? null)];
}

/** Checks each staged inverse names an operation of the adapter that declares its input, and fits it. */
export function expectInversesFit(adapter: Adapter, compensation: Compensation | null): void {
  for (const inverse of stagedInverses(compensation)) {
    const operation = compensationOperations(adapter)[inverse.operation];
    expect(operation, `${adapter.provider} has no compensation operation ${inverse.operation}`).toBeDefined();
    expect(operation!.input, `${inverse.operation} declares no input schema`).toBeDefined();
    const checked = operation!.input!.safeParse(inverse.input);
    expect(checked.success, `${inverse.operation} refuses the input its action staged: ${checked.error?.message}`).toBe(true);
  }
}

/**
 * Inputs an attacker or a version mismatch could put in the journal instead of `input`: one argument no
 * operation names, each field with a value of another type, and an input with none of its fields.
 */
export function forgedInputs(input: Json): { what: string; input: Json }[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [{ what: 'not an object', input: 'everything' }];
  const fields = Object.entries(input);
  const forged = [{ what: 'an unknown argument', input: { ...input, scope: 'everything' } as Json }];
  for (const [field, value] of fields) forged.push({ what: `${field} of another type`, input: { ...input, [field]: otherType(value) } });
  // The journal may keep keys sorted, so which field names the object is not known here: all go at once.
  if (fields.length > 0) forged.push({ what: 'no fields at all', input: {} });
  return forged;
}

function otherType(value: Json | undefined): Json {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return { forged: value ?? null };
  return 'everything';
}

/**
 * Appends, in a session of its own, a committed entry that copies the agent's but carries `input` in its
 * inverse, rolls that session back, and gives the step's report.
 */
export async function rollBackForged(runtime: Runtime, committed: JournalEntry, compensation: Compensation, input: Json, index: number) {
  const victim = await runtime.startSession({ agentId: 'conformance-forged' });
  await victim.end();
  const data = committed.data as Record<string, Json>;
  await runtime.journal.append({
    type: 'action.committed',
    sessionId: victim.id,
    agentId: 'conformance-forged',
    actionId: `forged-${index}-${committed.actionId}`,
    action: committed.action,
    // Filed under no resource: a copy filed under the resource would be, to the journal, another
    // session's later write on it, which keeps the genuine session's rollback off it (a conflict); this
    // check is about the inverse's input alone. The step still reads and writes the inverse's resource.
    resource: null,
    idempotencyKey: `forged-${index}-${committed.idempotencyKey}`,
    data: { ...data, compensation: { ...compensation, input } as unknown as Json },
  });
  const report = await runtime.rollback(victim.id);
  return report.steps[0];
}
