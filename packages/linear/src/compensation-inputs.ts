// What the inverses accept, in parts: each inverse's input schema, declared beside the action that stages
// it, is built from these and checked by the rollback engine before it runs one read from the journal:
// ids typed, every field named, nothing else (an unknown argument could widen what the inverse touches).
// `values` is what the engine adds to a field restore: the fields it puts back.
import { z } from 'zod';
import { ISSUE_FIELDS, LABEL_PREFIX } from './snapshots.js';

/** An object's id as Linear gives it (a UUID), or an issue's identifier (`ENG-123`), which Linear takes too. */
export const linearId = z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z][A-Z0-9_]{0,9}-\d+)$/i, 'a Linear id (UUID) or an issue identifier such as ENG-123');
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a Linear id (UUID)');
const labelField = z.string().refine((field) => field.startsWith(LABEL_PREFIX) && uuid.safeParse(field.slice(LABEL_PREFIX.length)).success, 'label:<label id>');
export const nullableId = uuid.nullable();

/** An issue's fields as its snapshot holds them before the agent's write. */
const issueFieldValues = {
  title: z.string(),
  description: z.string().nullable(),
  stateId: uuid,
  assigneeId: nullableId,
  priority: z.number().int().min(0).max(4),
  labelIds: z.array(uuid),
  estimate: z.number().nullable(),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  projectId: nullableId,
  parentId: nullableId,
  // Not an update's own field: restored with the project it belongs to (a move to another project clears it).
  projectMilestoneId: nullableId,
} satisfies Record<(typeof ISSUE_FIELDS)[number] | 'projectMilestoneId', z.ZodType>;

/** Restorable fields by name; each `label:<id>` true to add it back, null to take it off. */
export const restoredValues = (names: readonly (keyof typeof issueFieldValues)[]) =>
  z.record(z.string(), z.unknown()).superRefine((values, context) => {
    for (const [field, value] of Object.entries(values)) {
      const schema = (names as readonly string[]).includes(field) ? issueFieldValues[field as keyof typeof issueFieldValues] : labelField.safeParse(field).success ? z.literal(true).nullable() : undefined;
      if (!schema) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field this inverse restores` });
      else if (!schema.safeParse(value).success) context.addIssue({ code: 'custom', path: [field], message: `${field} does not hold a value of its type` });
    }
  });
