// A resource named as people know it (an issue's number and title, a channel's name), by the adapter of
// its provider, from a snapshot the journal holds; null where no adapter can (the raw key is shown then).
import type { Adapter, ResourceDescription } from '../contract/adapter.js';
import type { Snapshot } from '../contract/json.js';
import { parseResourceKey } from '../contract/resource.js';

export function describeResource(adapters: readonly Adapter[], key: string, snapshot: Snapshot | null): ResourceDescription | null {
  try {
    const ref = parseResourceKey(key);
    return adapters.find((adapter) => adapter.provider === ref.provider)?.describe?.(ref, snapshot) ?? null;
  } catch {
    // A key or a snapshot an adapter cannot read (another version's, sealed away) keeps its raw name.
    return null;
  }
}
