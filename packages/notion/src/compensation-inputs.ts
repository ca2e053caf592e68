// What each compensation operation accepts, checked by the rollback engine before it runs one read from
// the journal: ids typed, every field named, nothing else (an unknown argument could widen what the
// inverse touches). `values` is what the engine adds to a field restore: the fields it puts back.
import { z } from 'zod';
import { notionId } from './schemas.js';

const id = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
/** One block's or comment's state inside a container (`block:<id>`, `comment:<id>`), or the list of what it holds. */
const containerField = z.string().refine((field) => field === 'contents' || ((field.startsWith('block:') || field.startsWith('comment:')) && id.safeParse(field.slice(field.indexOf(':') + 1)).success), 'contents, block:<id> or comment:<id>');
const containerValues = z.record(containerField, z.json());
/** A page's restorable fields: its properties by name, icon, cover, and whether it is in the trash. */
const pageField = z.string().refine((field) => ['icon', 'cover', 'in_trash'].includes(field) || (field.startsWith('prop:') && field.length > 5), 'prop:<name>, icon, cover or in_trash');
/** A block's earlier content as blocks.update takes it: it names its own block by the key it sits under, never by `block_id`. */
const blockContent = z.record(z.string(), z.json()).refine((content) => !('block_id' in content), 'block content names no block_id');

/** A replaced block's journaled content, to rebuild it from once Notion no longer keeps it: the block before it (null: first) and its content in request form. */
const rebuildEntry = z.object({ id, after: id.nullable(), node: z.record(z.string(), z.json()).refine((node) => typeof node.type === 'string', 'a block node with its type') }).strict();

export const notionCompensationInputs = {
  'notion.page.trash': z.object({ page_id: notionId }).strict(),
  'notion.page.restore-fields': z.object({ page_id: notionId, values: z.record(pageField, z.json()).optional() }).strict(),
  'notion.blocks.restore': z.object({ container_id: notionId, previous: z.record(id, blockContent).optional(), rebuild: z.array(rebuildEntry).optional(), values: containerValues.optional() }).strict(),
  'notion.comment.delete': z.object({ comment_id: notionId, values: containerValues.optional() }).strict(),
} satisfies Record<string, z.ZodType>;
