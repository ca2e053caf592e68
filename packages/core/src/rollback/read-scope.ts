// What a rollback reads of a resource: the fields its inverses look at, passed to `Adapter.read` so an
// adapter can leave out what costs requests of its own (see ReadScope).
import type { ReadScope } from '../contract/adapter.js';
import type { Compensation } from '../contract/compensation.js';

/**
 * What planning looks at of a resource: each inverse's fields, the list of what sits inside it, the
 * fields it expects back, the same for its gentler inverse, and the adapter's version field.
 */
export function planningScope(compensations: readonly Compensation[], versionField: string | undefined): ReadScope {
  const fields = new Set<string>(versionField ? [versionField] : []);
  for (const compensation of compensations) {
    for (const considered of [compensation, compensation.gentler]) {
      if (!considered) continue;
      considered.fields.forEach((field) => fields.add(field));
      if (considered.contents) fields.add(considered.contents);
      expectedFields(considered.expect).forEach((field) => fields.add(field));
    }
  }
  return { fields: [...fields] };
}

/** The fields an expectation names (none for `absent`). */
export const expectedFields = (expect: Compensation['expect']): string[] => ('fields' in expect ? Object.keys(expect.fields) : []);

