// What each compensation operation accepts, checked by the rollback engine before it runs one read from
// the journal: gids typed, every field named, nothing else (an unknown argument could widen what the
// inverse touches). `values` is what the engine adds to a field restore: the fields it puts back.
import { z } from 'zod';
import { MEMBERSHIPS_FIELD } from './snapshot.js';

/** A gid as Asana answers it and the journal keeps it: digits. */
const gid = z.string().regex(/^\d+$/, 'an Asana gid (digits)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const present = z.literal(true).nullable();

/** A task's restorable fields as its snapshot holds them before the agent's write, by name or by `<relation>:<gid>`. */
const fieldValue: Record<string, z.ZodType> = {
  name: z.string(),
  notes: z.string(),
  assignee: gid.nullable(),
  due: z.union([date, z.iso.datetime({ offset: true })]).nullable(),
  start_on: date.nullable(),
  completed: z.boolean(),
  parent: gid.nullable(),
  [MEMBERSHIPS_FIELD]: z.record(gid, gid.nullable()).nullable(),
};
const relationValue: Record<string, z.ZodType> = {
  project: gid.nullable(),
  tag: present,
  follower: present,
  custom_field: z.union([z.string(), z.number()]).nullable(),
};

function schemaOf(field: string): z.ZodType | undefined {
  const colon = field.indexOf(':');
  if (colon < 0) return fieldValue[field];
  return gid.safeParse(field.slice(colon + 1)).success ? relationValue[field.slice(0, colon)] : undefined;
}

const taskValues = z.record(z.string(), z.json()).superRefine((values, context) => {
  for (const [field, value] of Object.entries(values)) {
    const schema = schemaOf(field);
    if (!schema) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a task restore puts back` });
    else if (!schema.safeParse(value).success) context.addIssue({ code: 'custom', path: [field], message: `${field} does not hold a value of its type` });
  }
});

export const asanaCompensationInputs = {
  'asana.task.delete': z.object({ gid }).strict(),
  'asana.story.delete': z.object({ gid }).strict(),
  'asana.task.restore': z
    .object({
      gid,
      values: taskValues.optional(),
      // For `project:<gid>` and `parent`: the task that stood just before this one, null for first.
      positions: z.record(z.string().refine((name) => name === 'parent' || /^project:\d+$/.test(name), 'parent or project:<gid>'), gid.nullable()).optional(),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;
