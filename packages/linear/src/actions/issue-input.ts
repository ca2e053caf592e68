// The issue fields agents may set, as IssueCreateInput / IssueUpdateInput name them, validated before any call.
import { z } from 'zod';

export const issueFieldsInput = {
  title: z.string().trim().min(1).max(255),
  description: z.string().max(100_000).nullable(),
  stateId: z.string().min(1),
  assigneeId: z.string().min(1).nullable(),
  priority: z.number().int().min(0, 'priority is 0 (none) to 4 (low)').max(4, 'priority is 0 (none) to 4 (low)'),
  labelIds: z.array(z.string().min(1)),
  estimate: z.number().int().min(0).nullable(),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dueDate is a date, YYYY-MM-DD').nullable(),
  projectId: z.string().min(1).nullable(),
  parentId: z.string().min(1).nullable(),
};

export const resourceOf = (type: 'issue' | 'comment' | 'relation', id: string) => ({ provider: 'linear', type, id });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is an entity's UUID rather than an issue identifier such as `ENG-1`. */
export const isUuid = (id: string) => UUID.test(id);

/**
 * An issue's canonical name: Linear takes `ENG-1` and the UUID alike, and a journal must see one
 * resource either way. `target()` is synchronous, so an identifier stays as given there (the intent
 * only); every result carries the UUID, so `resource()` and the compensation always name the UUID.
 */
export const issueRef = (id: string) => resourceOf('issue', isUuid(id) ? id.toLowerCase() : id);
