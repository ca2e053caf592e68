// Property values as an action sent them, against a page as Notion answers it: by name or id, text
// compared as text and options by name, so a write can be recognised in the page it left.
import type { Json } from '@backspace/core';
import { normalizeProperties, requestText } from './normalize.js';

type Loose = Record<string, any>;

/** Properties are written by name or by id; snapshots key them by name. */
export function propertyName(page: Loose, key: string): string {
  if (page.properties?.[key]) return key;
  return Object.entries(page.properties ?? {}).find(([, property]) => (property as Loose).id === key)?.[0] ?? key;
}

/** Whether a property, in snapshot form, holds what was sent (text compared as text, options by name). */
export function holds(current: Json | undefined, sent: Loose): boolean {
  const [type] = Object.keys(sent);
  if (!type || !current || typeof current !== 'object' || Array.isArray(current)) return false;
  const value = (current as Loose)[type];
  const wanted = sent[type];
  if (type === 'title' || type === 'rich_text') return requestText(value) === requestText(wanted);
  if (type === 'select' || type === 'status') return (value?.name ?? null) === (wanted?.name ?? null);
  if (type === 'multi_select') return JSON.stringify((value ?? []).map((option: Loose) => option.name)) === JSON.stringify((wanted ?? []).map((option: Loose) => option.name));
  return JSON.stringify(value) === JSON.stringify(wanted);
}

/** The `prop:<name>` fields of the page that no longer hold what `sent` gave them. */
export function propertiesNotHolding(page: Loose, sent: Record<string, Loose>): string[] {
  const current = normalizeProperties(page.properties);
  return Object.entries(sent)
    .map(([key, value]) => [`prop:${propertyName(page, key)}`, value] as const)
    .filter(([field, value]) => !holds(current[field], value))
    .map(([field]) => field);
}
