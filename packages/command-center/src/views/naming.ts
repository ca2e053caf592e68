// Names for what one page shows: each resource described by its provider's adapter (describe) from a
// journaled snapshot, with the names the adapters looked up once for the page (lookupNames: a Slack
// message's channel as #general, a person by name). A lookup that fails or is slow leaves the ids.
import { lookUpNames, type Adapter, type NamesByProvider } from '@backspace/core';
import type { Center } from '../center.js';

export interface Naming {
  adapters: readonly Adapter[];
  names: NamesByProvider;
}

/** Asks the lookup adapters once, all at once, for the resources and people the page is about to show. */
export async function namingFor(center: Center, wanted: { resources?: Iterable<string | null>; people?: Iterable<string> } = {}): Promise<Naming> {
  const adapters = center.options.namingAdapters ?? [];
  const lookups = center.options.lookupAdapters ?? [];
  const resources = [...new Set([...(wanted.resources ?? [])].filter((key): key is string => typeof key === 'string' && key.length > 0))];
  const people = [...new Set(wanted.people ?? [])];
  if (lookups.length === 0 || (resources.length === 0 && people.length === 0)) return { adapters, names: new Map() };
  const timeout = center.options.nameLookupTimeoutMs;
  return { adapters, names: await lookUpNames(lookups, { resources, people }, timeout === undefined ? {} : { timeoutMs: timeout }) };
}

/** A person as a provider named them (Dana Whitfield), or their id where none did. */
export function personName(naming: Naming, id: string): string {
  for (const byId of naming.names.values()) {
    const name = byId.get(id);
    if (name !== undefined) return name;
  }
  return id;
}
