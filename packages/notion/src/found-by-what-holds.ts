// How a Notion update whose answer was lost is found again. Notion keeps no history the API shows of who
// changed which property or block field, so what the page or block holds now is all a lookup has:
// - every change the update sends holds: it landed (what the resource holds is its answer);
// - none of the changes it made (a value other than the pre-state's) holds, and each still holds the
//   pre-state's value: it never landed, or was undone since (nothing of it is left);
// - none holds, but some no longer holds the pre-state's value either: it never landed and someone else
//   changed it, or it landed and was written over since. Notion cannot say which, so it is named: called
//   "never landed", the agent's write would go unreported;
// - only some hold: it may have landed and been partly changed since, or never landed while a person set
//   some of the same values. The two cannot be told apart, so the outcome stays unknown and the rollback
//   names it for the operator: calling it "never landed" would leave the agent's other values unreported,
//   and calling it landed would take a person's values for the agent's.
// - every change holds, but the session, or another session on the same token, wrote the page or block
//   again later (for a page, also any block in it, however deep: Notion counts a block's edit as its
//   page's): its last editor (what a rollback asks to tell a person's same change from the agent's) is
//   then this integration whatever happened, so the outcome stays unknown too.
import { lookupInconclusive, type ResourceRef } from '@backspace/core';
import { nullWhenGone } from '@backspace/core/adapter-kit';
import { canonicalId } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';

/**
 * One field an update sends: whether the resource holds the sent value now, whether that value differs
 * from the pre-state's, and whether the resource still holds the pre-state's value (false without one).
 */
export interface SentField {
  field: string;
  holds: boolean;
  changes: boolean;
  asBefore: boolean;
}

/** `writtenAgainLater` (who wrote it again, if anyone) is asked only when every change holds (it may read the provider). */
export async function foundByWhatHolds<Found>(what: string, fields: SentField[], found: Found, writtenAgainLater: () => Promise<string | undefined>): Promise<Found | undefined> {
  const gone = fields.filter((field) => !field.holds);
  const kept = fields.filter((field) => field.holds && field.changes);
  const names = (list: SentField[]) => list.map((field) => field.field).join(', ');
  const writer = gone.length === 0 && kept.length > 0 ? await writtenAgainLater() : undefined;
  if (writer) {
    throw lookupInconclusive('notion', `${what} holds what the update sent (${names(kept)}), but ${writer} wrote it${what.startsWith('page') ? ', or a block in it,' : ''} again since, so its last editor no longer tells whether the update landed or a person made the same change`, 'Notion');
  }
  if (gone.length === 0) return found;
  if (kept.length === 0) {
    const moved = fields.filter((field) => field.changes && !field.asBefore);
    if (moved.length === 0) return undefined;
    throw lookupInconclusive(
      'notion',
      `none of the update's changes hold on ${what}, but ${names(moved)} changed since the update read it: it never landed and someone else changed it, or it landed and was written over since, and Notion keeps no history of which`,
      'Notion',
    );
  }
  throw lookupInconclusive(
    'notion',
    `only some of the update's changes hold on ${what} (${names(kept)} as sent; ${names(gone)} not), and Notion keeps no history of who changed which, so whether the update landed and was partly changed since cannot be told`,
    'Notion',
  );
}

/** How many blocks other sessions wrote later are read up to their page at most; past it, one counts as in it. */
const MAX_OTHERS_READ = 50;

/**
 * Who of this integration wrote this page or block again later, if anyone: the session ("this session"),
 * or else another session on the same token (its writes journaled, `laterResources('journal')`), each
 * read only when asked. A write naming it, or what sits directly in it (an append, a replacement of its
 * content), makes this integration its last editor. For a page, so does a later write of any block in it:
 * each such block's parents are read up to its page (only here, settling a lost update), and one that
 * cannot be read counts as in it; of other sessions' blocks, past MAX_OTHERS_READ, the next counts as in it.
 */
export async function writtenAgainLater(api: NotionApi, laterResources: ((across?: 'session' | 'journal') => Promise<ResourceRef[]>) | undefined, type: 'page' | 'block', id: string): Promise<string | undefined> {
  if (!laterResources) return undefined;
  const session = (await laterResources('session')).filter((resource) => resource.provider === 'notion');
  if (await namesIt(api, session, type, id, Infinity)) return 'this session';
  const seen = new Set(session.map((resource) => `${resource.type}:${canonicalId(resource.id)}`));
  const others = (await laterResources('journal')).filter((resource) => resource.provider === 'notion' && !seen.has(`${resource.type}:${canonicalId(resource.id)}`));
  return (await namesIt(api, others, type, id, MAX_OTHERS_READ)) ? 'another session on the same token' : undefined;
}

/** Whether these later writes name the page or block, what sits directly in it, or (a page) a block in it, reading at most `budget` blocks' parents. */
async function namesIt(api: NotionApi, later: readonly ResourceRef[], type: 'page' | 'block', id: string, budget: number): Promise<boolean> {
  const self = canonicalId(id);
  if (later.some((resource) => (resource.type === type || resource.type === 'children') && canonicalId(resource.id) === self)) return true;
  if (type === 'block') return false;
  let reads = 0;
  for (const resource of later) {
    if (resource.type !== 'block' && resource.type !== 'children') continue;
    if ((reads += 1) > budget || (await sitsInPage(api, resource.id, self))) return true;
  }
  return false;
}

/** Whether a block (or the page or block a `children` resource names) sits in the page, read up its parents. */
async function sitsInPage(api: NotionApi, blockId: string, pageId: string): Promise<boolean> {
  let current = canonicalId(blockId);
  for (let depth = 0; depth < 64; depth++) {
    const block = (await nullWhenGone(() => api.read((sdk) => sdk.blocks.retrieve({ block_id: current })), isNotFound)) as Record<string, any> | null;
    if (!block) return true;
    // Another page (or a database): what is written in it is not this page's edit.
    if (block.type === 'child_page' || block.type === 'child_database') return false;
    if (block.parent?.type === 'page_id') return canonicalId(block.parent.page_id) === pageId;
    if (block.parent?.type !== 'block_id') return false;
    current = canonicalId(block.parent.block_id);
  }
  return true;
}
