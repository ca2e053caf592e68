// A resource named as people know it (an issue's number and title, a channel's name), by the adapter of
// its provider, from a snapshot the journal holds; null where no adapter can (the raw key is shown then).
import type { Adapter, Names, ResourceDescription } from '../contract/adapter.js';
import type { Snapshot } from '../contract/json.js';
import { parseResourceKey, type ResourceRef } from '../contract/resource.js';

/** Names each provider's adapter gave (`lookupNames`), by provider: ids of two providers may look alike. */
export type NamesByProvider = ReadonlyMap<string, Names>;

export function describeResource(adapters: readonly Adapter[], key: string, snapshot: Snapshot | null, names: NamesByProvider = new Map()): ResourceDescription | null {
  try {
    const ref = parseResourceKey(key);
    return adapters.find((adapter) => adapter.provider === ref.provider)?.describe?.(ref, snapshot, names.get(ref.provider)) ?? null;
  } catch {
    // A key or a snapshot an adapter cannot read (another version's, sealed away) keeps its raw name.
    return null;
  }
}

/**
 * A line the engine wrote with resource keys in it (a step's reason, a residue line) as a person reads
 * it: each key in `labels` replaced by the resource's name, longest key first so that a key inside
 * another is not split; other keys stay as they are.
 */
export function withResourceNames(text: string, labels: ReadonlyMap<string, string>): string {
  return [...labels.keys()].sort((a, b) => b.length - a.length).reduce((line, key) => line.split(key).join(labels.get(key)!), text);
}

/** How long operators' tools wait for names before printing ids instead. */
export const NAME_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Names for what a tool is about to print: each adapter with `lookupNames` asked once, all at once, for
 * its providers' resources (by key) and the people. An adapter that fails or takes longer than
 * `timeoutMs` gives no names, and its ids are printed as they are: naming never fails a command.
 */
export async function lookUpNames(adapters: readonly Adapter[], wanted: { resources?: readonly string[]; people?: readonly string[] }, { timeoutMs = NAME_LOOKUP_TIMEOUT_MS } = {}): Promise<NamesByProvider> {
  const refs = (wanted.resources ?? []).flatMap((key) => {
    try {
      return [parseResourceKey(key)];
    } catch {
      return [];
    }
  });
  const people = [...new Set(wanted.people ?? [])];
  const found = await Promise.all(
    adapters.map(async (adapter): Promise<[string, Names] | null> => {
      const lookupNames = adapter.lookupNames?.bind(adapter);
      const resources = refs.filter((ref: ResourceRef) => ref.provider === adapter.provider);
      if (!lookupNames || (resources.length === 0 && people.length === 0)) return null;
      const names = await withinTime(Promise.resolve().then(() => lookupNames({ resources, people })), timeoutMs);
      return names ? [adapter.provider, names] : null;
    }),
  );
  return new Map(found.filter((entry): entry is [string, Names] => entry !== null));
}

/** The answer, or null once `timeoutMs` passed or it failed. */
async function withinTime<T>(pending: Promise<T>, timeoutMs: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([pending.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
