// notion.page.create: create a page under a page or in a data source. Inverse: move it to the trash,
// unless others built on it or put something inside it since (then it stays). Notion takes no client
// key: a "Backspace key" rich-text property carries it where the data source has one; otherwise a lost
// create is found by title and parent among the pages that were not there before the attempt.
import { z } from 'zod';
import type { CreatePageParameters } from '@notionhq/client';
import { defineNotionAction } from './define-action.js';
import { guardedUndo, lookupInconclusive, type CompensationReport, type ResourceRef, type Snapshot } from '@backspace/core';
import { listChildren } from '../block-tree.js';
import { trashedLater } from '../trashed-later.js';
import { contentSignature } from '../content-signature.js';
import { notMadeByAnother, onlyOneLeft } from '../created-candidates.js';
import { canonicalId, notionRef } from '../ids.js';
import { lookupUnavailable, type NotionApi } from '../notion-api.js';
import { CONTAINER_BLOCK_TYPES, filledProperties, requestText, toBlockNode } from '../normalize.js';
import { propertiesNotHolding, propertyName } from '../property-values.js';
import { blockRequest, notionId, pageIcon, pageParent, propertyValues } from '../schemas.js';
import { blockField, blockItem, blockParts, containerFields, hasComments, pageFields, stateOf } from '../snapshots.js';

export const MARKER_PROPERTY = 'Backspace key';

const input = z.strictObject({
  parent: pageParent,
  properties: propertyValues,
  icon: pageIcon.optional().describe('The page icon, e.g. {"type":"emoji","emoji":"🚀"} or {"type":"external","external":{"url":"https://example.com/icon.png"}}; null or left out for none.'),
  cover: pageIcon.optional().describe('The cover image, e.g. {"type":"external","external":{"url":"https://example.com/cover.jpg"}}; null or left out for none.'),
  children: z.array(blockRequest).optional().describe('The page\'s first content blocks, in order, at most 100, e.g. [{"type":"paragraph","paragraph":{"rich_text":[{"text":{"content":"Hello"}}]}}].'),
});
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

/** The inverse: the page to the trash, named by its id alone. */
const TRASH_PAGE = 'notion.page.trash';
const trashInput = z.object({ page_id: notionId }).strict();

/**
 * The result: Notion's page, with `state_as_created`, what the write put in it as the snapshots describe
 * it (its blocks' ids and states), the post-state its inverse is guarded by.
 */
export type CreatedPage = Loose & { state_as_created?: Snapshot };

export const pageCreate = defineNotionAction({
  name: 'notion.page.create',
  reversibility: 'compensatable',
  description: 'Create a page; undone by moving it to the trash (restorable there by anyone for 30 days)',
  input,
  // What a lookup must tell apart (the parent's subpages, or the data source's marker property), and
  // the create; a page given blocks adds the read of them (Notion's answer carries none).
  minimumRequests: 2,
  // What a lookup needs to tell this attempt's page from others: whether the data source carries the
  // marker property, or else the pages with this title already there.
  snapshot: (page, { client }) => baselineOf(client, page),
  async execute(page, { client, idempotencyKey, pre }): Promise<CreatedPage> {
    const baseline = pre ?? (await baselineOf(client, page));
    const properties = { ...page.properties };
    if (baseline.marker === true) properties[MARKER_PROPERTY] = { rich_text: [{ type: 'text', text: { content: idempotencyKey } }] };
    // Reading the new blocks after the create is a second request: once the create got through, its
    // failure leaves the outcome unknown (looked up), never failed.
    return client.tracked().run(async (api) => {
      const created = (await api.write((sdk) => sdk.pages.create({ ...page, properties } as CreatePageParameters))) as Loose;
      // Notion answers a create without the blocks it made: their ids and states are read once, now; a
      // page made without blocks holds nothing yet.
      const content = page.children?.length ? await containerFields(api, created.id, { fresh: true }) : null;
      return { ...created, state_as_created: content ?? { contents: [] } };
    });
  },
  async lookup(page, { client, idempotencyKey, pre, attemptedAt, laterResources, madeByAnother }) {
    const found = (await findCreated(client, page, idempotencyKey, pre, madeByAnother)) ?? (await foundTrashedLater(client, page, pre, laterResources, madeByAnother));
    if (!found) await refuseIfRenamed(client, page, pre, attemptedAt, madeByAnother);
    // Found late (the answer was lost, the agent died): others may have edited the page since. Only what
    // still holds what this write sent counts as the agent's.
    return found ? { ...found, state_as_created: await stateFoundLate(client, found, page) } : undefined;
  },
  resource: (_input, page) => notionRef('page', page.id),
  post: (_input, page) => ({ ...pageFields(page), ...(page.state_as_created ?? { contents: [] }) }),
  compensation: (args) => {
    const { input: page, resource, post } = args;
    // The page as a container: the same resource the steps on what sits inside it use, so the planner
    // sees this session's own blocks, subpages and comments taken away first.
    const container = notionRef('children', resource.id);
    // What the snapshot holds is the lookup's baseline, not a pre-state: the page did not exist before.
    return guardedUndo({ ...args, pre: null }, {
      operation: TRASH_PAGE,
      resource: container,
      input: { page_id: resource.id },
      // Others built on the page when they changed a property, icon or cover (`title` repeats the title
      // property), gave a value to a property the data source gained since (`filled_properties`), or
      // changed a block it held (its content, what is under it, a comment on it), or put anything inside
      // it (`contents`: blocks, subpages, comments).
      fields: Object.keys(post ?? {}).filter((field) => field.startsWith('prop:') || field.startsWith('block:') || ['icon', 'cover', 'filled_properties'].includes(field)),
      contents: 'contents',
      expect: { fields: { in_trash: true } },
      // Its trash also takes it out of its parent page's contents: run in order with the steps there, so
      // a newer step's check of the parent still finds it, and an older one's no longer does.
      dependsOn: [container, ...('page_id' in page.parent ? [notionRef('children', page.parent.page_id)] : [])],
      residue: `page ${resource.id} stays in Notion's trash with its content, restorable for 30 days`,
      description: `move page ${resource.id} to the trash`,
    });
  },
  inverses: {
    // Trashing a page already in the trash ends in the same state: safe to run again. Notion answers with
    // the page as it now is: its fields are the step's verification.
    [TRASH_PAGE]: {
      input: trashInput,
      run: async ({ page_id }: z.infer<typeof trashInput>, { client }): Promise<CompensationReport> => ({ observed: pageFields(await client.write((sdk) => sdk.pages.update({ page_id, in_trash: true }))) }),
    },
  },
});

async function baselineOf(client: NotionApi, page: Input): Promise<Snapshot> {
  if ('data_source_id' in page.parent && (await hasMarker(client, page.parent.data_source_id))) return { marker: true };
  return { marker: false, existing: (await sameTitled(client, page)).map((found) => canonicalId(found.id)) };
}

/**
 * The page this attempt made: the row carrying its key, or else this integration's page with the title
 * that was not there before the attempt. Either way, of this integration's, one the journal records as
 * another action's create (another session's, the agent's own retry of this write) is not this one;
 * several left cannot be told apart (see created-candidates.ts). A row carrying the key that a person
 * made is their duplicate of the agent's (Notion copies the key with the row), not this write's.
 */
async function findCreated(client: NotionApi, page: Input, idempotencyKey: string, pre: Snapshot | null | undefined, madeByAnother?: (resource: ResourceRef) => Promise<boolean>): Promise<Loose | undefined> {
  if (!pre) throw lookupUnavailable('a page create', idempotencyKey);
  const me = await client.me();
  const before = new Set((pre.existing as string[] | undefined) ?? []);
  const mine = (found: Loose) => found.created_by?.id === me && !before.has(canonicalId(found.id));
  const notAnothers = (rows: Loose[]) => notMadeByAnother(rows.filter(mine), (found) => notionRef('page', found.id), madeByAnother);
  const where = 'page_id' in page.parent ? `under page ${canonicalId(page.parent.page_id)}` : `in data source ${canonicalId(page.parent.data_source_id)}`;
  if (pre.marker === true) {
    const filter = { property: MARKER_PROPERTY, rich_text: { equals: idempotencyKey } };
    return onlyOneLeft(await rowsOrTrashed(client, (page.parent as { data_source_id: string }).data_source_id, filter, notAnothers), 'page', `carrying this write's key ${where}`);
  }
  // No marker: this integration's page with the title that was not there before the attempt.
  const match = onlyOneLeft(await sameTitled(client, page, notAnothers), 'page', `titled "${requestText(titleOf(page.properties))}" ${where}`);
  if (!match) return undefined;
  return 'page_id' in page.parent ? client.read((sdk) => sdk.pages.retrieve({ page_id: match.id })) : match;
}

/**
 * A subpage this integration made with this title, in the trash, among the pages written on later (the
 * agent, or another session on the same token, found it without the create's answer and trashed it). A page's children leave trashed
 * subpages out, and so does search: only the session's own later writes can name it.
 */
async function foundTrashedLater(client: NotionApi, page: Input, pre: Snapshot | null | undefined, laterResources: ((across?: 'session' | 'journal') => Promise<ResourceRef[]>) | undefined, madeByAnother?: (resource: ResourceRef) => Promise<boolean>): Promise<Loose | undefined> {
  if (!('page_id' in page.parent) || !pre || pre.marker === true) return undefined;
  const before = new Set((pre.existing as string[] | undefined) ?? []);
  const title = requestText(titleOf(page.properties));
  // Any session's later writes: another agent on the same token may have found the page and trashed it,
  // and an incident rolls both back, its undo of that trash bringing back a page this write made.
  const trashed = await trashedLater(client, laterResources && (() => laterResources('journal')), 'page', page.parent.page_id, (id) => before.has(id));
  // The session's other creates with this title (a retry of this write, trashed later) are theirs.
  const left = await notMadeByAnother(trashed.filter((found) => requestText(titleOf(found.properties ?? {})) === title), (found) => notionRef('page', found.id), madeByAnother);
  return onlyOneLeft(left, 'page', `titled "${title}" under page ${canonicalId(page.parent.page_id)}, in the trash`);
}

/**
 * Found by neither key nor title: but where this integration made a page there since the attempt under
 * another title, a person may have renamed the page this create made, and it cannot be told from another
 * write of this integration's. The outcome is left to the operator, named, never "never landed".
 */
async function refuseIfRenamed(client: NotionApi, page: Input, pre: Snapshot | null | undefined, attemptedAt: number | undefined, madeByAnother?: (resource: ResourceRef) => Promise<boolean>): Promise<void> {
  if (!pre || pre.marker === true || attemptedAt === undefined) return;
  // Notion's created_time is to the minute: a minute of that, and a minute of clock skew.
  const since = attemptedAt - 2 * 60_000;
  const title = requestText(titleOf(page.properties));
  const me = await client.me();
  const made = 'data_source_id' in page.parent
    ? (((await client.read((sdk) => sdk.dataSources.query({ data_source_id: (page.parent as { data_source_id: string }).data_source_id, filter: { timestamp: 'created_time', created_time: { on_or_after: new Date(since).toISOString() } } } as never))).results as Loose[])
        .filter((row) => row.created_by?.id === me && requestText(titleOf(row.properties ?? {})) !== title))
    : (await listChildren(client, page.parent.page_id)).filter((block) => block.type === 'child_page' && block.created_by?.id === me && Date.parse(block.created_time) >= since && block.child_page.title !== title);
  // A page the journal records as another action's create (the session's next one, say) is not this one.
  const unclaimed = [];
  for (const found of made) if (!(await madeByAnother?.(notionRef('page', found.id)))) unclaimed.push(found);
  if (unclaimed.length === 0) return;
  throw lookupInconclusive('notion', `no page with the title sent is there, but this integration made ${unclaimed.map((found) => `page ${canonicalId(found.id)}`).join(', ')} there since the attempt under another title: a person may have renamed the page this create made`, 'Notion');
}

/**
 * The page's state as the write left it, told from what is there now: the integration's blocks, in order,
 * that hold exactly the content sent (children included) with no comment on them, and the properties sent
 * that still hold their values. Anything else (a block someone edited or commented on, a renamed title)
 * is left out or marked, so the rollback sees it as others' work and leaves the page.
 */
async function stateFoundLate(client: NotionApi, page: Loose, sent: Input): Promise<Snapshot> {
  const state: Snapshot = {};
  for (const field of propertiesNotHolding(page, sent.properties)) state[field] = { notAsCreated: true };
  // The properties the create filled: those sent, the marker property, and a status (Notion gives it its
  // first option); one filled since by someone else is not as created.
  const sentNames = new Set([...Object.keys(sent.properties).map((key) => propertyName(page, key)), MARKER_PROPERTY]);
  const filled = filledProperties(page.properties);
  const byCreate = filled.filter((name) => sentNames.has(name) || page.properties?.[name]?.type === 'status');
  if (byCreate.length < filled.length) state.filled_properties = { notAsCreated: true };
  const wanted = (sent.children ?? []).map((child) => contentSignature([child]));
  const contents: string[] = [];
  if (wanted.length > 0) {
    const me = await client.me();
    for (const block of await listChildren(client, page.id)) {
      if (contents.length === wanted.length) break;
      if (block.created_by?.id !== me || CONTAINER_BLOCK_TYPES.has(block.type)) continue;
      const parts = await blockParts(client, block, me);
      const untouched = parts.comments.length === 0 && !hasComments(parts.nodes ?? []);
      if (!untouched || contentSignature([toBlockNode(block, parts.nodes ?? undefined)]) !== wanted[contents.length]) continue;
      const blockState = stateOf(block, parts);
      state[blockField(block.id)] = blockState;
      contents.push(blockItem(block, blockState));
    }
  }
  return { ...state, contents };
}

/**
 * Pages with this page's title where it is being created: rows of the data source, or subpages of the
 * page; `keep` picks those that count (a lookup's: this write's candidates), all by default.
 */
async function sameTitled(client: NotionApi, page: Input, keep: Keep = async (found) => found): Promise<Loose[]> {
  const title = requestText(titleOf(page.properties));
  if ('data_source_id' in page.parent) {
    const dataSourceId = page.parent.data_source_id;
    const filter = { property: titleName(page.properties), title: { equals: title } };
    return rowsOrTrashed(client, dataSourceId, filter, keep);
  }
  return keep((await listChildren(client, page.parent.page_id)).filter((block) => block.type === 'child_page' && block.child_page.title === title));
}

type Keep = (found: Loose[]) => Promise<Loose[]>;

/**
 * The data source's rows the filter matches that `keep` keeps, or, when none is live, those in the trash:
 * a query leaves trashed pages out, and the row may be there because the agent trashed it later in the
 * session (its rollback brings it back, so the create must be found to be undone too).
 */
async function rowsOrTrashed(client: NotionApi, dataSourceId: string, filter: Loose, keep: Keep = async (found) => found): Promise<Loose[]> {
  const live = await keep((await client.read((sdk) => sdk.dataSources.query({ data_source_id: dataSourceId, filter } as never))).results as Loose[]);
  if (live.length > 0) return live;
  return keep((await client.read((sdk) => sdk.dataSources.query({ data_source_id: dataSourceId, filter, in_trash: true } as never))).results as Loose[]);
}

async function hasMarker(client: NotionApi, dataSourceId: string): Promise<boolean> {
  const source = (await client.read((sdk) => sdk.dataSources.retrieve({ data_source_id: dataSourceId }))) as Loose;
  return source.properties?.[MARKER_PROPERTY]?.type === 'rich_text';
}

function titleOf(properties: Record<string, Loose>): Loose[] {
  return (Object.values(properties).find((value) => Array.isArray(value.title))?.title as Loose[] | undefined) ?? [];
}

function titleName(properties: Record<string, Loose>): string {
  return Object.entries(properties).find(([, value]) => Array.isArray(value.title))?.[0] ?? 'title';
}
