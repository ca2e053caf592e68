// Input schemas shared by the actions: ids, rich text, blocks and property values as the Client takes them.
import { z } from 'zod';

/** A Notion id, with or without dashes: anything else is refused before a request is made. */
export const notionId = z
  .string()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'must be a Notion id (32 hex digits, dashes optional)')
  .describe('A Notion id: 32 hex digits, dashes optional, e.g. "59833787-2cf9-4fdf-8782-e53db20768a5" (the end of a Notion URL).');

export const richTextItem = z.looseObject({
  type: z.string().optional().describe('"text" for plain text (the default); "mention" and "equation" items carry their own key instead of text.'),
  text: z
    .looseObject({
      content: z.string().describe('The text itself, at most 2000 characters per item.'),
      link: z
        .object({ url: z.string().describe('The address the text links to, e.g. "https://example.com".') })
        .nullable()
        .optional()
        .describe('Makes the text a link; leave out for plain text.'),
    })
    .optional()
    .describe('The text of a "text" item, e.g. {"content":"Ship it","link":null}.'),
  annotations: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Styling, e.g. {"bold":true,"italic":false,"code":false,"color":"red"}. Leave out for plain text.'),
});
export const richText = z
  .array(richTextItem)
  .describe('Rich text as Notion\'s items, e.g. [{"type":"text","text":{"content":"Looks good, "}},{"type":"text","text":{"content":"ship it"},"annotations":{"bold":true}}].');

/** One block request `{ type?, [type]: { ...content, children? } }`; Notion checks the rest. */
export const blockRequest = z
  .looseObject({ type: z.string().optional().describe('The block type, e.g. "paragraph", "heading_2", "to_do", "bulleted_list_item"; a key of that name holds its content.') })
  .refine(
    (block) => Object.entries(block).some(([key, value]) => key !== 'type' && key !== 'object' && !!value && typeof value === 'object' && !Array.isArray(value)),
    { message: 'a block needs its type content, e.g. { paragraph: { rich_text: [...] } }' },
  )
  .describe('A block as Notion\'s API takes it, e.g. {"type":"paragraph","paragraph":{"rich_text":[{"text":{"content":"Hello"}}]}} or {"type":"to_do","to_do":{"rich_text":[{"text":{"content":"Call Ana"}}],"checked":false}}.');

export const pageParent = z
  .union([
    z.object({
      page_id: notionId.describe('The id of the page to create the new page under.'),
      type: z.literal('page_id').optional().describe('"page_id"; may be left out.'),
    }),
    z.object({
      data_source_id: notionId.describe('The id of the data source (a database\'s table) to add the page to as a row.'),
      type: z.literal('data_source_id').optional().describe('"data_source_id"; may be left out.'),
    }),
  ])
  .describe('Where the page goes: under a page, {"page_id":"<id>"}, or as a row of a database\'s data source, {"data_source_id":"<id>"}.');

/** Property values keyed by name or id, each `{ <type>: value }`; Notion checks the types against the schema. */
export const propertyValues = z
  .record(z.string().min(1), z.looseObject({}))
  .describe(
    'Property values keyed by property name (or id), each in Notion\'s typed form, e.g. {"Name":{"title":[{"text":{"content":"Q3 plan"}}]},"Status":{"status":{"name":"Done"}},"Due":{"date":{"start":"2026-12-31"}}}. A page under a page has only its title property; only the properties given change.',
  );

export const pageIcon = z
  .looseObject({ type: z.string().describe('"emoji", "external" or "file_upload"; a key of that name holds the value.') })
  .nullable();
