// Whether an earlier rollback corrected a step rather than undoing it: its gentler inverse ran (a Slack
// message others built on stays, with a correction). Such a step is still there, and every later
// report says so.
import type { RuntimeContext } from '../runtime/context.js';

/** Whether the inverse an earlier rollback ran for this action was its gentler one (a correction). */
export async function correctedEarlier(context: RuntimeContext, actionId: string): Promise<boolean> {
  const entries = await context.journal.keyEntries(`compensate:${actionId}`);
  const committed = entries.find((entry) => entry.type === 'compensation.committed' && entry.actionId === actionId);
  // The intent it committed names the remedy (a commit settled after a crash does not).
  const intent = entries.filter((entry) => entry.type === 'compensation.intent' && entry.actionId === actionId && entry.seq < (committed?.seq ?? 0)).at(-1);
  return intent !== undefined && (context.open(intent) as { remedy?: string }).remedy === 'gentler';
}
