// What the journal says of a resource a lookup found: whether another action made it or wrote on it
// since, so a lookup never takes another session's write for this attempt's.
import { actionResource, type ActionDefinition } from '../contract/action.js';
import type { JournalEntry } from '../contract/journal.js';
import { resourceKey } from '../contract/resource.js';
import { writerProblem } from '../journal/writers.js';
import type { RuntimeContext } from './context.js';

/**
 * Whether a lookup's find may be adopted as this attempt's write: a created resource that the journal
 * already records as another action's write is someone else's, however alike the two look.
 */
export async function adoptable(context: RuntimeContext, definition: ActionDefinition, input: unknown, found: unknown, actionId: string): Promise<boolean> {
  if (definition.target) return true;
  return !(await madeByAnother(context, resourceKey(actionResource(definition, input, found)), actionId));
}

/**
 * Whether the journal records this resource as made by an action other than `actionId`. Only another
 * action that created it makes it someone else's: later updates (by anyone) do not. With a keyring,
 * only a commit a trusted writer signed can claim it.
 */
export async function madeByAnother(context: RuntimeContext, key: string, actionId: string): Promise<boolean> {
  const entries = await context.journal.resourceEntries(key);
  return entries.some((entry) => entry.type === 'action.committed' && entry.actionId !== actionId && createdBy(context, entry) && signedIfKeyring(context, entry));
}

/**
 * Whether the journal records a committed write of an action other than the intent's on this resource
 * after the intent: that write's changes are its own. With a keyring, only a commit a trusted writer signed.
 */
export async function writtenByAnotherSince(context: RuntimeContext, key: string, intent: JournalEntry): Promise<boolean> {
  const entries = await context.journal.resourceEntries(key);
  return entries.some((entry) => entry.type === 'action.committed' && entry.actionId !== intent.actionId && entry.seq > intent.seq && signedIfKeyring(context, entry));
}

/** Without a keyring every entry counts; with one, only an entry a trusted writer signed for its type. */
export function signedIfKeyring(context: RuntimeContext, entry: JournalEntry): boolean {
  return !context.keyring || writerProblem(entry, context.keyring) === null;
}

/** Whether a committed entry is a create: its action names no target (it learns its resource from the answer). */
function createdBy(context: RuntimeContext, entry: JournalEntry): boolean {
  const provider = entry.action?.slice(0, entry.action.indexOf('.')) ?? '';
  if (!entry.action || !context.registry.hasAdapter(provider)) return true;
  try {
    return context.registry.get(entry.action).definition.target === undefined;
  } catch {
    return true;
  }
}
