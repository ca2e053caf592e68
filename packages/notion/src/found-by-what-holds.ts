// How a Notion update whose answer was lost is found again. Notion keeps no history the API shows of who
// changed which property or block field, so what the page or block holds now is all a lookup has:
// - every change the update sends holds: it landed (what the resource holds is its answer);
// - none of the changes it made (a value other than the pre-state's) holds: it never landed, or nothing
//   of it is left;
// - only some hold: it may have landed and been partly changed since, or never landed while a person set
//   some of the same values. The two cannot be told apart, so the outcome stays unknown and the rollback
//   names it for the operator: calling it "never landed" would leave the agent's other values unreported,
//   and calling it landed would take a person's values for the agent's.
import { lookupInconclusive } from '@backspace/core';

/** One field an update sends: whether the resource holds the sent value now, and whether that value differs from the pre-state's. */
export interface SentField {
  field: string;
  holds: boolean;
  changes: boolean;
}

export function foundByWhatHolds<Found>(what: string, fields: SentField[], found: Found): Found | undefined {
  const gone = fields.filter((field) => !field.holds);
  if (gone.length === 0) return found;
  const kept = fields.filter((field) => field.holds && field.changes);
  if (kept.length === 0) return undefined;
  const names = (list: SentField[]) => list.map((field) => field.field).join(', ');
  throw lookupInconclusive(
    'notion',
    `only some of the update's changes hold on ${what} (${names(kept)} as sent; ${names(gone)} not), and Notion keeps no history of who changed which, so whether the update landed and was partly changed since cannot be told`,
    'Notion',
  );
}
