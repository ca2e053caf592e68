// JSON values and snapshots: everything the journal stores must be plain JSON.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A resource's normalized state, field by field, as an adapter reads it. */
export type Snapshot = { [field: string]: Json };
