// What the inverses accept, in parts: each inverse's input schema, declared beside the action that stages
// it (or, for an operation several actions share, beside that operation), is built from these and checked
// by the rollback engine before it runs one read from the journal: ids typed, every field named, nothing
// else (an unknown argument could widen what the inverse touches). `values` is what the engine adds to a
// field restore: the fields it puts back.
import { z } from 'zod';

/** A block's or comment's id, dashed or not. */
export const objectId = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
/**
 * One block's or comment's state inside a container (`block:<id>`, `comment:<id>`), the replies in a
 * discussion the integration opened there (`replies:<id>`), or the list of what it holds.
 */
const ITEM_FIELDS = ['block:', 'comment:', 'replies:'];
const containerField = z.string().refine((field) => field === 'contents' || (ITEM_FIELDS.some((prefix) => field.startsWith(prefix)) && objectId.safeParse(field.slice(field.indexOf(':') + 1)).success), 'contents, block:<id>, comment:<id> or replies:<id>');
/** The container fields a restore puts back, by name. */
export const containerValues = z.record(containerField, z.json());
