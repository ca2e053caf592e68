// Which of what a lost create's lookup found is its own. Notion takes no client key on a comment, nor on
// a page outside a data source with the marker property: such a create is found again by what it sent
// (the text, the title) among what this integration made since the attempt. Another session on the same
// token may have sent the same, and so may the agent itself, retrying a write it saw end "outcome
// unknown": what the journal records as another action's create is that action's, never this write's,
// whichever is newest. Of what is left, one is this write's; several cannot be told apart (Notion's
// created_time is to the minute), so the outcome is left to the operator, named, rather than guessed.
import { lookupInconclusive, type ResourceRef } from '@backspace/core';
import { canonicalId } from './ids.js';

type Loose = Record<string, any>;

/** The candidates the journal does not record as another action's create (all of them without the question). */
export async function notMadeByAnother<Found extends Loose>(candidates: readonly Found[], ref: (found: Found) => ResourceRef, madeByAnother?: (resource: ResourceRef) => Promise<boolean>): Promise<Found[]> {
  const left: Found[] = [];
  for (const found of candidates) if (!(await madeByAnother?.(ref(found)))) left.push(found);
  return left;
}

/** The one candidate left (none: undefined); several are named, the outcome left unknown. */
export function onlyOneLeft<Found extends Loose>(left: readonly Found[], kind: 'comment' | 'page', what: string): Found | undefined {
  if (left.length <= 1) return left[0];
  const named = left.map((found) => `${kind} ${canonicalId(found.id as string)}`).join(', ');
  throw lookupInconclusive('notion', `this integration made ${named} ${what} since the attempt, none recorded as another action's: any of them may be this write's, and Notion cannot tell which`, 'Notion');
}
