// Input schemas shared by the actions: ids, rich text, blocks and property values as the Client takes them.
import { z } from 'zod';

/** A Notion id, with or without dashes: anything else is refused before a request is made. */
export const notionId = z.string().regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'must be a Notion id (32 hex digits, dashes optional)');

export const richTextItem = z.looseObject({
  type: z.string().optional(),
  text: z.looseObject({ content: z.string(), link: z.object({ url: z.string() }).nullable().optional() }).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export const richText = z.array(richTextItem);

/** One block request `{ type?, [type]: { ...content, children? } }`; Notion checks the rest. */
export const blockRequest = z.looseObject({ type: z.string().optional() }).refine(
  (block) => Object.entries(block).some(([key, value]) => key !== 'type' && key !== 'object' && !!value && typeof value === 'object' && !Array.isArray(value)),
  { message: 'a block needs its type content, e.g. { paragraph: { rich_text: [...] } }' },
);

export const pageParent = z.union([
  z.object({ page_id: notionId, type: z.literal('page_id').optional() }),
  z.object({ data_source_id: notionId, type: z.literal('data_source_id').optional() }),
]);

/** Property values keyed by name or id, each `{ <type>: value }`; Notion checks the types against the schema. */
export const propertyValues = z.record(z.string().min(1), z.looseObject({}));

export const pageIcon = z.looseObject({ type: z.string() }).nullable();
