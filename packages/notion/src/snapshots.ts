// Reading resources in snapshot form. Everything inside a page or block is described one way, by its
// container: a `block:<id>` digest per live child (its content and whole subtree; absent once trashed)
// and `contents`, the keys of what sits there (child blocks, subpages, comments). Appends, updates,
// deletes, content replacements and the page's own create all compare these same fields, so the
// engine's three-way check chains across them.
import { BackspaceError, nullWhenGone, type Json, type ReadScope, type ResourceRef, type Snapshot } from '@backspace/core/adapter-kit';
import { listChildren } from './block-tree.js';
import { digest, formatBlockState, HELD, ownDigest, parseBlockState } from './block-state.js';
import { canonicalId, notionKey } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { blockContent, CONTAINER_BLOCK_TYPES, filledProperties, normalizeProperties, normalizeRichText, plainTitle, toBlockNode, type BlockNode } from './normalize.js';

type Loose = Record<string, any>;

/**
 * A page's version, the adapter's `versionField`: when it was last edited (Notion's `last_edited_time`,
 * rounded down to the minute) and by whom (`last_edited_by`), so a person's edit within the agent's minute
 * still moves it. Any edit of the page, its properties or the blocks in it, moves it. Never compared or
 * restored; a container's snapshot built from a write's answer without the page carries none, except a
 * block's update or trash (see blockWriteVersion), an append (appendVersion) and a content replacement
 * (from its last answer). A block container's version is its children's last edits.
 */
export const VERSION_FIELD = 'last_edited';

export function pageVersion(page: Loose): string | null {
  return page.last_edited_time ? `${page.last_edited_time} by ${page.last_edited_by?.id ?? 'unknown'}` : null;
}

/**
 * A block container's edits, in its snapshot: each child's last edit (`<time> by <user>`, as its listing
 * gives it) by canonical id, what the container's version is made of. Kept so a write on one child works
 * out the version it leaves from its own answer. Never compared or restored.
 */
export const EDITS_FIELD = 'edits';

/**
 * A block container's version: Notion gives a page's last edit but not a block's that holds others (an
 * edit of a child moves only the child's and its page's), so a block container's version is its listed
 * children's last edits together. Any edit of one of them, or a child added or trashed, moves it.
 */
export function containerVersion(edits: Record<string, Json>): string {
  return digest(edits);
}

/**
 * The version a block's write leaves on its container, from the write's own answer (PATCH or DELETE
 * /v1/blocks/{id} answers with the block, its `last_edited_time` and `last_edited_by` among it), so the
 * rollback asks who edited last only when someone edited the container since, with no request more.
 * - A block directly in a page: Notion counts an edit of a block as an edit of the page, and moves the
 *   page's two with the block's, so the block's are the page's version. Should the page's minute have
 *   turned between the block's edit and its own, the two differ and the rollback reads the last editors
 *   once for nothing: a request more, never a wrong undo.
 * - A block under another block: its container's edits (from the pre-state) with its own replaced, or
 *   without it once in the trash.
 */
export function blockWriteVersion(block: Loose, pre: Snapshot | null): Snapshot {
  if (block.parent?.type === 'page_id') {
    const version = pageVersion(block);
    return version ? { [VERSION_FIELD]: version } : {};
  }
  const before = pre?.[EDITS_FIELD];
  if (!before || typeof before !== 'object' || Array.isArray(before)) return {};
  const { [canonicalId(block.id)]: _edited, ...edits } = before;
  if (!(block.in_trash ?? block.archived)) edits[canonicalId(block.id)] = pageVersion(block);
  return { [EDITS_FIELD]: edits, [VERSION_FIELD]: containerVersion(edits) };
}

/**
 * The version an append leaves on its container, from the append's own answer (POST
 * /v1/blocks/{id}/children answers with the new blocks, each with its `last_edited_time` and
 * `last_edited_by`), so an untouched container compares equal with no request more:
 * - in a page: Notion moves the page's last edit with the blocks', so the newest block's is the page's
 *   (see blockWriteVersion for a minute turning between the two: a read more, never a wrong undo);
 * - in a block holding others: its children's last edits from the pre-state (read `versioned`), with the
 *   new blocks' added.
 * The pre-state's own version and edits are dropped first: a page's pre-state read `versioned` carries
 * its blocks' edits, which are not what a page's version is made of.
 */
export function appendVersion(blocks: readonly Loose[], pre: Snapshot | null): Snapshot {
  const newest = blocks.at(-1);
  if (!newest) return {};
  if (newest.parent?.type === 'page_id') {
    const version = pageVersion(newest);
    return version ? { [VERSION_FIELD]: version } : {};
  }
  const before = pre?.[EDITS_FIELD];
  if (!before || typeof before !== 'object' || Array.isArray(before)) return {};
  const edits: Record<string, Json> = { ...before };
  for (const block of blocks) edits[canonicalId(block.id)] = pageVersion(block);
  return { [EDITS_FIELD]: edits, [VERSION_FIELD]: containerVersion(edits) };
}

/** A container's snapshot without its version and edits, for a write that works out its own. */
export function withoutVersion(snapshot: Snapshot): Snapshot {
  const { [VERSION_FIELD]: _version, [EDITS_FIELD]: _edits, ...rest } = snapshot;
  return rest;
}

export function pageFields(page: Loose): Snapshot {
  return {
    title: plainTitle(page.properties),
    in_trash: Boolean(page.in_trash ?? page.archived),
    icon: (page.icon ?? null) as Json,
    cover: (page.cover ?? null) as Json,
    ...normalizeProperties(page.properties),
    filled_properties: filledProperties(page.properties),
    created_by: page.created_by?.id ?? null,
    last_edited_by: page.last_edited_by?.id ?? null,
    [VERSION_FIELD]: pageVersion(page),
  };
}

export function blockFields(block: Loose): Snapshot {
  return {
    type: block.type,
    content: { [block.type]: blockContent(block) } as Json,
    in_trash: Boolean(block.in_trash ?? block.archived),
    has_children: Boolean(block.has_children),
    last_edited_by: block.last_edited_by?.id ?? null,
  };
}

/** The snapshot field of one child block of a container. */
export const blockField = (blockId: string) => `block:${canonicalId(blockId)}`;
/** The snapshot field of one comment on a container. */
export const commentField = (commentId: string) => `comment:${canonicalId(commentId)}`;
/**
 * The snapshot field of a discussion this integration started on a container: the keys of the replies
 * others wrote in it (empty while nobody replied). The opening comment's undo compares it: deleting the
 * comment a person answered leaves their reply answering nothing (and Notion may take the discussion
 * with it), so a reply keeps it. The integration's own replies are left out: undone as steps of their
 * own, first (another session's on the same token cannot be told apart from them).
 */
export const repliesField = (commentId: string) => `replies:${canonicalId(commentId)}`;

/** A block's item in `contents`: its key and state; a subpage's is its page's key. */
export function blockItem(block: Loose, state: string): string {
  return block.type === 'child_page' ? notionKey('page', block.id) : `${notionKey('block', block.id)}@${state}`;
}

export interface ContainerReadOptions {
  /** Everything in it was just written by this integration: no comment can sit on it yet, none is listed. */
  fresh?: boolean;
  /**
   * Also keep what each block holds, in request form with what is under it (`REBUILD_FIELD`, by block
   * id), from the same reads: what an inverse rebuilds a block from once Notion no longer keeps it.
   */
  withContent?: boolean;
  /** A block container: keep its children's last edits and the version they make (see EDITS_FIELD). */
  versioned?: boolean;
  /**
   * A rollback's read (the fields its inverses look at): a block someone else wrote whose field it does
   * not name is not read under (see heldState); its field is then its item's state, never compared.
   */
  scope?: ReadScope;
}

/** The container field holding its blocks' content (see `withContent`); never compared. */
export const REBUILD_FIELD = 'rebuild';

/** What sits directly inside a page or block, in the fields every content action shares. */
export async function containerFields(api: NotionApi, containerId: string, options: ContainerReadOptions = {}): Promise<Snapshot | null> {
  const children = await nullWhenGone(() => listChildren(api, containerId), isNotFound);
  if (!children) return null;
  const me = options.fresh ? '' : await api.me();
  const fields: Snapshot = {};
  const contents: string[] = [];
  // Subpages and inline databases: never sent to the trash with a page's content, nor rebuilt.
  const subpages: string[] = [];
  const content: Record<string, Json> = {};
  const edits: Record<string, Json> = {};
  for (const child of children) {
    if (options.versioned) edits[canonicalId(child.id)] = pageVersion(child);
    if (CONTAINER_BLOCK_TYPES.has(child.type)) subpages.push(canonicalId(child.id));
    const mine = options.fresh || child.created_by?.id === me;
    const whole = mine || options.withContent || !options.scope || options.scope.fields.includes(blockField(child.id));
    const parts = whole ? await blockParts(api, child, me, options) : null;
    if (parts && options.withContent && !CONTAINER_BLOCK_TYPES.has(child.type)) content[canonicalId(child.id)] = toBlockNode(child, parts.nodes ?? undefined);
    const state = parts ? stateOf(child, parts) : heldState(child);
    fields[blockField(child.id)] = state;
    // A block's item carries its state: `contents` then reads as changed when anything in it changed, so
    // an action's `contents` comes back only when all it did comes back; someone else's block's item
    // carries its own content only (see heldState).
    contents.push(blockItem(child, mine ? state : itemState(state)));
  }
  const comments = options.fresh ? [] : await listComments(api, containerId);
  for (const comment of comments) {
    fields[commentField(comment.id)] = commentState(comment);
    contents.push(notionKey('comment', comment.id));
  }
  Object.assign(fields, repliesToOwn(comments, me));
  return { ...fields, contents, subpages, ...(options.withContent ? { [REBUILD_FIELD]: content } : {}), ...(options.versioned ? { [EDITS_FIELD]: edits, [VERSION_FIELD]: containerVersion(edits) } : {}) };
}

/**
 * For each discussion this integration opened among these comments (listed oldest first, so its first
 * comment is the one that opened it), the replies others wrote in it (see repliesField). Read from the
 * listing the container's snapshot makes anyway: no request more.
 */
function repliesToOwn(comments: readonly Loose[], me: string): Snapshot {
  const fields: Snapshot = {};
  const opened = new Map<string, string>();
  for (const comment of comments) {
    const discussion = comment.discussion_id as string | undefined;
    if (!discussion) continue;
    const mine = comment.created_by?.id === me;
    const opener = opened.get(discussion);
    if (opener === undefined) {
      // '' for a discussion someone else opened: its replies are no part of the integration's comments.
      opened.set(discussion, mine ? comment.id : '');
      if (mine) fields[repliesField(comment.id)] = [];
    } else if (opener && !mine) {
      (fields[repliesField(opener)] as string[]).push(notionKey('comment', comment.id));
    }
  }
  return fields;
}

/** A comment's state: a digest of its text. */
export const commentState = (comment: Loose): string => digest(normalizeRichText(comment.rich_text));

/** What a listed block's state is made of, beyond its own content: the blocks under it and the comments on it. */
export interface BlockParts {
  /** The blocks under it as nodes (with the comments on the integration's), or null when it has none. */
  nodes: BlockNode[] | null;
  comments: string[];
}

export async function blockParts(api: NotionApi, block: Loose, me: string, options: ContainerReadOptions = {}): Promise<BlockParts> {
  const nodes = block.has_children && !CONTAINER_BLOCK_TYPES.has(block.type) ? await subtreeNodes(api, block.id, me, options) : null;
  return { nodes, comments: await commentIdsOn(api, block, me, options) };
}

/**
 * The state a block someone else wrote has among a container's `contents`: its own content, and whether
 * it holds blocks (HELD), not what they are. What sits inside such a block is no part of what an inverse
 * on its container takes away (only the integration's blocks are sent to the trash, and what it wrote
 * inside someone's block is undone on that block as a container), so `contents` names it without reading
 * under it: a rollback reads under only the blocks it restores or trashes. A field that names the block
 * (an update's, a delete's) keeps its whole state: someone's later edit inside it keeps the agent's edit.
 */
export function heldState(block: Loose): string {
  return formatBlockState({ own: ownDigest(block), subtree: block.has_children && !CONTAINER_BLOCK_TYPES.has(block.type) ? HELD : null, comments: [] });
}

/** A block's whole state as someone else's block's `contents` item carries it (see heldState). */
export function itemState(state: string): string {
  const { own, subtree } = parseBlockState(state);
  return formatBlockState({ own, subtree: subtree === null ? null : HELD, comments: [] });
}

/** One listed block's state (see block-state.ts): its content, its subtree, and the comments on it if this integration wrote it. */
export function stateOf(block: Loose, { nodes, comments }: BlockParts): string {
  return formatBlockState({ own: ownDigest(block), subtree: nodes ? digest(nodes) : null, comments });
}

/** The states of these listed blocks, by canonical id (their subtrees read; comments listed unless fresh). */
export async function statesOf(api: NotionApi, blocks: readonly Loose[], options: ContainerReadOptions = {}): Promise<Record<string, string>> {
  const me = options.fresh ? '' : await api.me();
  const states: Record<string, string> = {};
  for (const block of blocks) states[canonicalId(block.id)] = stateOf(block, await blockParts(api, block, me, options));
  return states;
}

/** The blocks under a block as nodes, subpages left out, with the comments on the integration's blocks. */
async function subtreeNodes(api: NotionApi, blockId: string, me: string, options: ContainerReadOptions): Promise<BlockNode[]> {
  const nodes: BlockNode[] = [];
  for (const child of await listChildren(api, blockId)) {
    if (CONTAINER_BLOCK_TYPES.has(child.type)) continue;
    const node = toBlockNode(child, child.has_children ? await subtreeNodes(api, child.id, me, options) : undefined);
    const comments = await commentIdsOn(api, child, me, options);
    nodes.push(comments.length > 0 ? { ...node, comments } : node);
  }
  return nodes;
}

/** Whether any block in these nodes (read by blockParts) carries comments: someone commented inside. */
export function hasComments(nodes: readonly BlockNode[]): boolean {
  return nodes.some((node) => Array.isArray(node.comments) || hasComments((node.children as unknown as BlockNode[] | undefined) ?? []));
}

async function commentIdsOn(api: NotionApi, block: Loose, me: string, options: ContainerReadOptions): Promise<string[]> {
  if (options.fresh || CONTAINER_BLOCK_TYPES.has(block.type) || block.created_by?.id !== me) return [];
  return (await listComments(api, block.id)).map((comment) => canonicalId(comment.id)).sort();
}

/** Every comment on a page or block, across pages of 100. */
export async function listComments(api: NotionApi, blockId: string): Promise<Loose[]> {
  const comments: Loose[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.read((sdk) => sdk.comments.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) }));
    comments.push(...(page.results as Loose[]));
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return comments;
}

/**
 * A page: its properties, icon, cover and trash state, and what sits inside it. A `scope` naming only
 * the page's own fields (an undo of its properties or of its trashing) skips the reads of its blocks
 * and comments; one naming anything else (its `contents`, a block) reads them all.
 */
export async function readPage(api: NotionApi, pageId: string, scope?: ReadScope): Promise<Snapshot | null> {
  const page = await nullWhenGone(() => api.read((sdk) => sdk.pages.retrieve({ page_id: pageId })), isNotFound);
  if (!page) return null;
  const own = pageFields(page);
  if (scope && scope.fields.every((field) => field in own)) return own;
  return { ...own, ...((await containerFields(api, pageId, scope ? { scope } : {})) ?? {}) };
}

/** A block's own fields, with its container's: the block as the actions on it see it. */
export async function readBlock(api: NotionApi, blockId: string, { editedAs }: { editedAs?: string } = {}): Promise<Snapshot | null> {
  const block = await nullWhenGone(() => api.read((sdk) => sdk.blocks.retrieve({ block_id: blockId })), isNotFound);
  if (!block) return null;
  // A page (or database) under a page is a block there too, with the page's id. Written as a block, its
  // undo would be planned apart from the page's own writes (its create, say), each against a state the
  // other changes: pages are written as pages.
  const type = (block as Loose).type as string;
  if (editedAs && CONTAINER_BLOCK_TYPES.has(type)) {
    throw new BackspaceError('invalid_input', `${editedAs}: ${canonicalId(blockId)} is a ${type === 'child_page' ? 'page' : 'database'} (a ${type} block), not a block of content; ${type === 'child_page' ? 'use notion.page.trash or notion.page.update for a page' : 'Backspace does not change databases through block actions'}`, { details: { block_id: canonicalId(blockId), type } });
  }
  const container = containerOf(block);
  return { ...blockFields(block), container, ...((await containerFields(api, container, { versioned: (block as Loose).parent?.type === 'block_id' })) ?? {}) };
}

/** The container's id: the page or block a block or comment sits in. */
export function containerOf(item: Loose): string {
  return canonicalId((item.parent?.page_id ?? item.parent?.block_id) as string);
}

/** A page or block as a container: a page with its own fields, a block with what sits inside it and its version. */
export async function readChildren(api: NotionApi, containerId: string, scope?: ReadScope): Promise<Snapshot | null> {
  return (await readPage(api, containerId, scope)) ?? (await containerFields(api, containerId, { versioned: true, ...(scope ? { scope } : {}) }));
}

export async function readComment(api: NotionApi, commentId: string): Promise<Snapshot | null> {
  const comment = (await nullWhenGone(() => api.read((sdk) => sdk.comments.retrieve({ comment_id: commentId })), isNotFound)) as Loose | null;
  if (!comment) return null;
  return commentFields(comment);
}

/** A comment on its own (a reply's resource): its text, discussion and author. */
export function commentFields(comment: Loose): Snapshot {
  return { rich_text: normalizeRichText(comment.rich_text), discussion_id: comment.discussion_id, parent: comment.parent, created_by: comment.created_by?.id ?? null, container: containerOf(comment) };
}

export function readResource(api: NotionApi, resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null> {
  const id = canonicalId(resource.id);
  switch (resource.type) {
    case 'page':
      return readPage(api, id, scope);
    case 'block':
      return readBlock(api, id);
    case 'children':
      return readChildren(api, id, scope);
    case 'comment':
      return readComment(api, id);
    default:
      throw new TypeError(`notion adapter cannot read resources of type ${resource.type}`);
  }
}
