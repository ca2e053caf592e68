// Who edited a page last, for a rollback that would put an earlier value back over a field still holding
// the agent's value: a person may have set it to that very value (changed a property and changed it back,
// reworded a block and reworded it back). Notion keeps no history of a page's fields through the API; it
// names only the last editor (`last_edited_by`) of the page and of each block, not what they changed. So
// the answer is conservative:
// - the page's own fields (properties, title, icon, cover, trash state): when someone other than the
//   integration edited the page last, every one of them may be theirs, and is kept as a conflict naming
//   them (an edit of a block in the page counts as an edit of the page, as Notion counts it);
// - a block directly in it (`block:<id>`): kept when its own last editor is someone else; the same for a
//   block directly in a block that holds others;
// - what the container holds (`contents`): kept with such a block only when someone else edited the page
//   it sits in last, naming them. Notion moves a page's last edit with any block's in it, however deep,
//   so a page the integration edited last was touched by nobody else since: blocks a person wrote before
//   then (the page's own content, there long before the agent's write) say nothing of who changed what
//   it holds (naming their author kept a lost append's `contents` for a person who never touched it);
// - when the integration edited last, Notion tells nothing of who edited before: those fields are
//   compared by value alone, as without this read.
import { nullWhenGone, type FieldWriter, type ResourceRef } from '@backspace/core/adapter-kit';
import { listChildren } from './block-tree.js';
import { canonicalId } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { blockField } from './snapshots.js';

type Loose = Record<string, any>;

/** Fields of a container's snapshot that are not the page's own: its blocks, comments (and the replies to the integration's) and what lists them. */
const isContentField = (name: string) => name.startsWith('block:') || name.startsWith('comment:') || name.startsWith('replies:') || name === 'contents' || name === 'subpages';

/**
 * The writers the blocks name, and for every one of the page's own fields (which Notion does not tell
 * apart) the page's last editor, where that is someone else.
 */
class PageWriters extends Map<string, FieldWriter | null> {
  constructor(private readonly pageEditor: FieldWriter | undefined) {
    super();
  }

  override has(name: string): boolean {
    return super.has(name) || (this.pageEditor !== undefined && !isContentField(name));
  }

  override get(name: string): FieldWriter | null | undefined {
    return super.has(name) ? super.get(name) : this.has(name) ? this.pageEditor : undefined;
  }
}

/**
 * A page's (or a page container's) last editors: one `pages.retrieve` and its blocks' listing. A block
 * container (a block holding others) is no page, and Notion answers its `pages.retrieve` object_not_found:
 * only its blocks' last editors, from the listing.
 */
export async function pageLastWriters(api: NotionApi, resource: ResourceRef): Promise<Map<string, FieldWriter | null>> {
  if (resource.type !== 'page' && resource.type !== 'children') return new Map();
  const pageId = canonicalId(resource.id);
  const readPage = () => api.read((sdk) => sdk.pages.retrieve({ page_id: pageId })) as Promise<Loose>;
  const retrieve = resource.type === 'children' ? nullWhenGone(readPage, isNotFound) : readPage();
  const [page, blocks, me] = await Promise.all([retrieve, listChildren(api, pageId), api.me()]);
  const editor = page?.last_edited_by?.id as string | undefined;
  const writers = new PageWriters(editor && editor !== me ? { by: lastEditor(editor, 'page'), self: false } : undefined);
  // Who edited the page around the container last (asked once, and only when a block there names someone
  // else): a block container's page is read up its parents; undefined when it cannot be told.
  let around: Promise<string | undefined> | undefined;
  const pageEditor = () => (around ??= page ? Promise.resolve(editor) : editorOfPageAround(api, pageId));
  for (const block of blocks) {
    const blockEditor = block.last_edited_by?.id as string | undefined;
    if (!blockEditor || blockEditor === me) continue;
    writers.set(blockField(block.id), { by: lastEditor(blockEditor, 'block'), self: false });
    const since = await pageEditor();
    if (since !== me) writers.set('contents', since ? { by: lastEditor(since, 'page'), self: false } : writers.get(blockField(block.id))!);
  }
  return writers;
}

/** The last editor of the page a block sits in, read up its parents; undefined when it cannot be told (a parent unreadable, or no page above it). */
async function editorOfPageAround(api: NotionApi, blockId: string): Promise<string | undefined> {
  let current = canonicalId(blockId);
  for (let depth = 0; depth < 64; depth++) {
    const block = (await nullWhenGone(() => api.read((sdk) => sdk.blocks.retrieve({ block_id: current })), isNotFound)) as Loose | null;
    if (block?.parent?.type === 'page_id') {
      const page = (await nullWhenGone(() => api.read((sdk) => sdk.pages.retrieve({ page_id: block.parent.page_id as string })), isNotFound)) as Loose | null;
      return page?.last_edited_by?.id as string | undefined;
    }
    if (block?.parent?.type !== 'block_id') return undefined;
    current = canonicalId(block.parent.block_id as string);
  }
  return undefined;
}

/** How a plan names a last editor: by id, saying that Notion does not tell what they changed. */
function lastEditor(id: string, what: 'page' | 'block'): string {
  return `${id}, who edited the ${what} last (Notion does not say what)`;
}
