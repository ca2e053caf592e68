// Resources named as people know them (an issue's number and title, a channel's name, a task's name),
// from the snapshots the journal holds and each adapter's describe(); the raw key stays in --json.
import { describeResource, lookUpNames, openData, type Adapter, type ContentProtection, type JournalEntry, type JournalStore, type Names, type NamesByProvider, type ResourceDescription, type RollbackPlan, type Snapshot } from '@backspace/core';
import { lookupAdapters, namingAdapters } from './adapters.js';
import type { BackspaceConfig } from './config.js';

export type Descriptions = Map<string, ResourceDescription>;

/** Each action's resource described, by action id: from what the agent left (post), else what it found (pre). */
export async function describeSessionResources(journal: JournalStore, sessionId: string, adapters: Adapter[], content: ContentProtection | null, names: NamesByProvider = new Map()): Promise<Descriptions> {
  return describeEntries(await journal.sessionEntries(sessionId), adapters, content, names);
}

/** The resources of every session a plan spans, by action id. */
export async function describePlanResources(journal: JournalStore, sessionIds: string[], adapters: Adapter[], content: ContentProtection | null, names: NamesByProvider = new Map()): Promise<Descriptions> {
  const descriptions: Descriptions = new Map();
  for (const sessionId of sessionIds) for (const [actionId, description] of await describeSessionResources(journal, sessionId, adapters, content, names)) descriptions.set(actionId, description);
  return descriptions;
}

/**
 * A plan's resources and the people in its blast radius named as people know them: the enabled adapters
 * asked once for names (a message's channel, a person), ids kept where they cannot say.
 */
export async function describePlan(journal: JournalStore, plan: RollbackPlan, config: BackspaceConfig, content: ContentProtection | null): Promise<{ descriptions: Descriptions; people: Names }> {
  const resources = [...plan.steps, ...(plan.leftOut ?? [])].map((step) => step.resource);
  const names = await namesFor(config, resources, plan.blastRadius.actors);
  const descriptions = await describePlanResources(journal, plan.sessions, await namingAdapters(config), content, names);
  return { descriptions, people: peopleNamed(names, plan.blastRadius.actors) };
}

/** Names for the resources (keys) and people (ids) a command is about to print; none where lookups fail. */
export async function namesFor(config: BackspaceConfig, resources: string[], people: string[] = []): Promise<NamesByProvider> {
  return lookUpNames(await lookupAdapters(config), { resources: [...new Set(resources)], people });
}

/** Each person's name by id, from whichever provider named them. */
export function peopleNamed(names: NamesByProvider, people: string[]): Names {
  const named = new Map<string, string>();
  for (const id of people) {
    const name = [...names.values()].map((byId) => byId.get(id)).find((candidate) => candidate !== undefined);
    if (name) named.set(id, name);
  }
  return named;
}

export function describeEntries(entries: JournalEntry[], adapters: Adapter[], content: ContentProtection | null, names: NamesByProvider = new Map()): Descriptions {
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
    const snapshot = post ?? pre ?? null;
    // A key or a snapshot an adapter cannot read (another version's, sealed away) keeps its raw name.
    const description = describeResource(adapters, resource, isSnapshot(snapshot) ? snapshot : null, names);
    if (description) descriptions.set(actionId, description);
  }
  return descriptions;
}

const isSnapshot = (value: unknown): value is Snapshot => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The name a person reads: the description's label, else the raw key. */
export function nameOf(descriptions: Descriptions, actionId: string, resource: string): string {
  return descriptions.get(actionId)?.label ?? resource;
}

/** Names by resource key, from steps and their descriptions: what core's `withResourceNames` puts in the text. */
export function labelsByKey(steps: readonly { actionId: string; resource: string }[], descriptions: Descriptions): Map<string, string> {
  const labels = new Map<string, string>();
  for (const step of steps) {
    const label = descriptions.get(step.actionId)?.label;
    if (label) labels.set(step.resource, label);
  }
  return labels;
}

/** Steps for --json: the raw key kept as `resource`, the description beside it. */
export function withDescriptions<Step extends { actionId: string }>(steps: Step[], descriptions: Descriptions): (Step & { described?: ResourceDescription })[] {
  return steps.map((step) => {
    const described = descriptions.get(step.actionId);
    return described ? { ...step, described } : step;
  });
}
