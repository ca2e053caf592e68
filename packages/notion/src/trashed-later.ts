// What the session's own later writes named and then put in the trash. Notion's lists (a container's
// children, a data source's query, search) leave trashed pages and blocks out, so a lookup after a lost
// answer does not see what the agent made and trashed later in the same session (found without the
// answer); the undo of that trash would bring it back. Such things are read here by id. And a lost
// trash is the agent's only where this integration is the last editor of what is in the trash.
import { lookupInconclusive, type ResourceRef } from '@backspace/core';
import { canonicalId } from './ids.js';
import type { NotionApi } from './notion-api.js';

type Loose = Record<string, any>;

/** How many of the resources named later a lookup reads at most. */
const MAX_READ = 20;

/**
 * The pages or blocks (`type`) the session's later writes named, other than those `skip` names, that
 * are in the trash now and were made by this integration, under `parentId`.
 */
export async function trashedLater(client: NotionApi, laterResources: (() => Promise<ResourceRef[]>) | undefined, type: 'page' | 'block', parentId: string, skip: (id: string) => boolean): Promise<Loose[]> {
  if (!laterResources) return [];
  const named = (await laterResources()).filter((resource) => resource.provider === 'notion' && resource.type === type && !skip(resource.id));
  if (named.length === 0) return [];
  const me = await client.me();
  const found: Loose[] = [];
  for (const { id } of named.slice(0, MAX_READ)) {
    const item = (type === 'page' ? await client.read((sdk) => sdk.pages.retrieve({ page_id: id })) : await client.read((sdk) => sdk.blocks.retrieve({ block_id: id }))) as Loose;
    const parent = item.parent?.page_id ?? item.parent?.block_id;
    if (item.in_trash === true && item.created_by?.id === me && parent && canonicalId(parent) === canonicalId(parentId)) found.push(item);
  }
  return found;
}

/**
 * The blocks any session's later writes named that are in the trash, made by this integration under
 * `containerId` (see trashedLater), and whether a later write of the journal other than the lookup's own
 * put blocks there too (an append or a content replacement into the same container: another session on
 * the same token, or the agent sending the write again). Another agent may have found this write's block
 * and deleted it (the undo of that delete, in an incident, brings it back); but a block such a later
 * write made with the same content, trashed since, looks the same, and the journal records no block by
 * the write that made it (only the container): the caller cannot then take a trashed block for its own.
 */
export async function trashedLaterBlocks(
  client: NotionApi,
  laterResources: ((across?: 'session' | 'journal') => Promise<ResourceRef[]>) | undefined,
  containerId: string,
  skip: (id: string) => boolean,
): Promise<{ blocks: Loose[]; appendedThereLater: boolean }> {
  if (!laterResources) return { blocks: [], appendedThereLater: false };
  let named: Promise<ResourceRef[]> | undefined;
  const later = () => (named ??= laterResources('journal'));
  const blocks = await trashedLater(client, later, 'block', containerId, skip);
  if (blocks.length === 0) return { blocks, appendedThereLater: false };
  const appendedThereLater = (await later()).some((resource) => resource.provider === 'notion' && resource.type === 'children' && canonicalId(resource.id) === canonicalId(containerId));
  return { blocks, appendedThereLater };
}

/** The lookup's answer when blocks in the trash hold what it sent but a later write put blocks in the same container too. */
export function trashedBlocksUntold(blocks: readonly Loose[], containerId: string): Error {
  const named = blocks.map((block) => `block ${canonicalId(block.id as string)}`).join(', ');
  return lookupInconclusive(
    'notion',
    `${named}, in the trash, hold${blocks.length === 1 ? 's' : ''} what this write sent to ${canonicalId(containerId)}, but a later write of the journal put blocks there too (another session on the same token, or the agent sending it again), and which write made ${blocks.length === 1 ? 'it' : 'them'} cannot be told: none is taken for this write's`,
    'Notion',
  );
}

/**
 * A lost trash's lookup: the page or block, when it is in the trash with this integration as its last
 * editor (a trash that landed leaves it so). In the trash with someone else as its last editor:
 * - a block is theirs: nothing edits a block in the trash, so they trashed it (by hand, what the write
 *   failed to do, or again after restoring it), and a rollback must not undo their trash;
 * - a page may be either's: Notion takes `in_trash: true` again on a page in the trash, which makes the
 *   sender its last editor, so a person repeating by hand a trash that had in fact landed looks the
 *   same as their own trash of a page the write never reached. The page stays in the trash, named.
 */
export async function trashedByThisIntegration(client: NotionApi, object: Loose, kind: 'page' | 'block'): Promise<Loose | undefined> {
  if (!object.in_trash) return undefined;
  if (object.last_edited_by?.id === (await client.me())) return object;
  if (kind === 'block') return undefined;
  throw lookupInconclusive(
    'notion',
    `page ${canonicalId(object.id as string)} is in the trash with someone else as its last editor (${String(object.last_edited_by?.id)}): they may have trashed it themselves, the agent's trash never having reached Notion, or trashed it again after it landed; it stays in the trash`,
    'Notion',
  );
}
