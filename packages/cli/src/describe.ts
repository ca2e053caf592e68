// Resources named as people know them (an issue's number and title, a channel's name, a task's name),
// from the snapshots the journal holds and each adapter's describe(); the raw key stays in --json.
import { openData, parseResourceKey, type Adapter, type ContentProtection, type JournalEntry, type JournalStore, type ResourceDescription, type Snapshot } from '@backspace/core';

export type Descriptions = Map<string, ResourceDescription>;

/** Each action's resource described, by action id: from what the agent left (post), else what it found (pre). */
export async function describeSessionResources(journal: JournalStore, sessionId: string, adapters: Adapter[], content: ContentProtection | null): Promise<Descriptions> {
  return describeEntries(await journal.sessionEntries(sessionId), adapters, content);
}

/** The resources of every session a plan spans, by action id. */
export async function describePlanResources(journal: JournalStore, sessionIds: string[], adapters: Adapter[], content: ContentProtection | null): Promise<Descriptions> {
  const descriptions: Descriptions = new Map();
  for (const sessionId of sessionIds) for (const [actionId, description] of await describeSessionResources(journal, sessionId, adapters, content)) descriptions.set(actionId, description);
  return descriptions;
}

export function describeEntries(entries: JournalEntry[], adapters: Adapter[], content: ContentProtection | null): Descriptions {
  const byProvider = new Map(adapters.filter((adapter) => adapter.describe).map((adapter) => [adapter.provider, adapter]));
  const snapshots = new Map<string, { resource: string; pre?: Snapshot | null; post?: Snapshot | null }>();
  for (const entry of entries) {
    if (!entry.actionId || !entry.resource || (entry.type !== 'action.intent' && entry.type !== 'action.committed')) continue;
    const data = openData(entry.data, entry.type, content) as { pre?: Snapshot | null; post?: Snapshot | null } | null;
    const known = snapshots.get(entry.actionId) ?? { resource: entry.resource };
    if (entry.type === 'action.intent') known.pre = data?.pre ?? null;
    else known.post = data?.post ?? null;
    known.resource = entry.resource;
    snapshots.set(entry.actionId, known);
  }
  const descriptions: Descriptions = new Map();
  for (const [actionId, { resource, pre, post }] of snapshots) {
    const description = describeOne(byProvider, resource, post ?? pre ?? null);
    if (description) descriptions.set(actionId, description);
  }
  return descriptions;
}

function describeOne(byProvider: Map<string, Adapter>, key: string, snapshot: Snapshot | null): ResourceDescription | null {
  try {
    const ref = parseResourceKey(key);
    return byProvider.get(ref.provider)?.describe?.(ref, isSnapshot(snapshot) ? snapshot : null) ?? null;
  } catch {
    // A key or a snapshot an adapter cannot read (another version's, sealed away) keeps its raw name.
    return null;
  }
}

const isSnapshot = (value: unknown): value is Snapshot => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The name a person reads: the description's label, else the raw key. */
export function nameOf(descriptions: Descriptions, actionId: string, resource: string): string {
  return descriptions.get(actionId)?.label ?? resource;
}

/** Steps for --json: the raw key kept as `resource`, the description beside it. */
export function withDescriptions<Step extends { actionId: string }>(steps: Step[], descriptions: Descriptions): (Step & { described?: ResourceDescription })[] {
  return steps.map((step) => {
    const described = descriptions.get(step.actionId);
    return described ? { ...step, described } : step;
  });
}
