// Many reads in few requests: GETs sent through Asana's Batch API, lists followed page by page.
import type { AsanaClient, AsanaObject, BatchAction } from './client.js';

/** One read: a record (`/tasks/123`) or a list (`/tasks/123/stories`), with the fields it needs. */
export interface BatchGet {
  path: string;
  fields: string;
  /** A list, read 100 at a time. */
  list?: boolean;
  /** The SDK operation it stands for, named in errors. */
  operation: string;
}

export type BatchGot = AsanaObject | AsanaObject[] | null | Error;

/**
 * Each read's `data` (a record, or every item of a list), null where Asana answers 404 (gone, or in the
 * trash), or the error the call on its own would have failed with. A batch Asana refuses whole (429,
 * an expired token, no answer) throws.
 */
export async function batchGet(client: AsanaClient, gets: BatchGet[]): Promise<BatchGot[]> {
  const results: BatchGot[] = gets.map((get) => (get.list ? [] : null));
  let round = gets.map((get, index) => ({ get, index, offset: undefined as string | undefined }));
  while (round.length > 0) {
    const answers = await client.batch(round.map(({ get, offset }) => toAction(get, offset)));
    const next: typeof round = [];
    answers.forEach((answer, position) => {
      const { get, index } = round[position]!;
      if (answer.status_code === 404) results[index] = null;
      else if (answer.status_code >= 300) results[index] = client.batchError(answer, get.operation, false);
      else if (!get.list) results[index] = answer.body.data as AsanaObject;
      else {
        (results[index] as AsanaObject[]).push(...(answer.body.data as AsanaObject[]));
        const offset = answer.body.next_page?.offset as string | undefined;
        if (offset) next.push({ get, index, offset });
      }
    });
    round = next;
  }
  return results;
}

function toAction(get: BatchGet, offset: string | undefined): BatchAction {
  return { method: 'get', relative_path: get.path, options: { fields: get.fields.split(','), ...(get.list ? { limit: 100, ...(offset ? { offset } : {}) } : {}) } };
}
