// Page properties: typed writes checked against the data source's schema, stored normalized, rendered.
import { requireUuid } from './access.js';
import { validationError } from './notion-errors.js';
import { parseRichText, plainText, renderRichText, type StoredRichText } from './rich-text.js';
import type { PropertySchema, StoredValue } from './store.js';

const READ_ONLY = new Set(['formula', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'unique_id']);

/** A page whose parent is a page has one property, its title. */
export const PAGE_SCHEMA: Record<string, PropertySchema> = { title: { id: 'title', name: 'title', type: 'title', config: {} } };

type Option = { id: string; name: string; color: string };

export function parsePropertyWrites(schema: Record<string, PropertySchema>, properties: unknown, newOptionId: () => string): Record<string, StoredValue> {
  if (properties === undefined) return {};
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) throw validationError('body failed validation: body.properties should be an object.');
  const parsed: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    const property = schema[key] ?? Object.values(schema).find((candidate) => candidate.id === key);
    if (!property) throw validationError(`${key} is not a property that exists.`);
    if (READ_ONLY.has(property.type)) throw validationError(`Cannot update property "${property.name}" of type ${property.type}: it is computed by Notion.`);
    const record = value as Record<string, unknown> | null;
    if (!record || typeof record !== 'object' || !(property.type in record)) {
      throw validationError(`${property.name} is expected to be ${property.type}.`);
    }
    parsed[property.name] = { [property.type]: parseValue(property, record[property.type], newOptionId) };
  }
  return parsed;
}

function parseValue(property: PropertySchema, value: unknown, newOptionId: () => string): unknown {
  const path = `body.properties.${property.name}.${property.type}`;
  const wrong = () => validationError(`body failed validation: ${path} is not a valid ${property.type} value, instead was \`${JSON.stringify(value)}\`.`);
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return parseRichText(value, path);
    case 'number':
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) throw wrong();
      return value;
    case 'checkbox':
      if (typeof value !== 'boolean') throw wrong();
      return value;
    case 'select':
    case 'status': {
      if (value === null) return null;
      const option = findOption(property, value, newOptionId, property.type === 'select');
      if (!option) throw validationError(`Invalid ${property.type} option: "${(value as { name?: string }).name ?? (value as { id?: string }).id}" does not exist for ${property.name}.`);
      return { name: option.name };
    }
    case 'multi_select':
      if (!Array.isArray(value)) throw wrong();
      return value.map((item) => ({ name: findOption(property, item, newOptionId, true)!.name }));
    case 'date': {
      if (value === null) return null;
      const date = value as { start?: unknown; end?: unknown };
      if (typeof date.start !== 'string' || Number.isNaN(Date.parse(date.start))) throw wrong();
      if (date.end !== undefined && date.end !== null && (typeof date.end !== 'string' || Number.isNaN(Date.parse(date.end)))) throw wrong();
      return { start: date.start, end: (date.end as string | undefined) ?? null };
    }
    case 'people':
    case 'relation':
      if (!Array.isArray(value) || !value.every((item) => item && typeof (item as { id?: unknown }).id === 'string')) throw wrong();
      return value.map((item, index) => ({ id: requireUuid((item as { id: string }).id, `${path}[${index}].id`) }));
    default:
      throw wrong();
  }
}

function findOption(property: PropertySchema, value: unknown, newOptionId: () => string, create: boolean): Option | undefined {
  const options = ((property.config.options as Option[] | undefined) ??= []);
  const wanted = value as { name?: unknown; id?: unknown } | null;
  if (!wanted || (typeof wanted.name !== 'string' && typeof wanted.id !== 'string')) throw validationError(`body failed validation: an option of ${property.name} needs a name or an id.`);
  const found = options.find((option) => option.name === wanted.name || option.id === wanted.id);
  if (found || !create || typeof wanted.name !== 'string') return found;
  // Notion adds an unknown select option to the schema when the integration writes it.
  const option = { id: newOptionId(), name: wanted.name, color: 'default' };
  options.push(option);
  return option;
}

export function defaultValue(property: PropertySchema): StoredValue | undefined {
  const defaults: Record<string, unknown> = { title: [], rich_text: [], number: null, checkbox: false, select: null, multi_select: [], date: null, people: [], relation: [] };
  if (property.type === 'status') {
    const first = (property.config.options as Option[] | undefined)?.[0];
    return { status: first ? { name: first.name } : null };
  }
  return property.type in defaults ? { [property.type]: defaults[property.type] } : undefined;
}

export function renderProperties(schema: Record<string, PropertySchema>, values: Record<string, StoredValue>): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  const titleValue = Object.entries(values).find(([name]) => schema[name]?.type === 'title')?.[1];
  for (const property of Object.values(schema)) {
    const stored = values[property.name] ?? defaultValue(property);
    rendered[property.name] = { id: property.id, type: property.type, ...renderValue(property, stored, values, titleValue) };
  }
  return rendered;
}

function renderValue(property: PropertySchema, stored: StoredValue | undefined, values: Record<string, StoredValue>, titleValue: StoredValue | undefined): Record<string, unknown> {
  const options = (property.config.options as Option[] | undefined) ?? [];
  const optionFor = (name: string) => options.find((option) => option.name === name) ?? { id: name, name, color: 'default' };
  const raw = stored?.[property.type];
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return { [property.type]: renderRichText((raw as StoredRichText[]) ?? []) };
    case 'select':
    case 'status':
      return { [property.type]: raw ? optionFor((raw as { name: string }).name) : null };
    case 'multi_select':
      return { multi_select: ((raw as { name: string }[]) ?? []).map((item) => optionFor(item.name)) };
    case 'date':
      return { date: raw ? { ...(raw as object), time_zone: null } : null };
    case 'people':
      return { people: ((raw as { id: string }[]) ?? []).map((person) => ({ object: 'user', id: person.id })) };
    case 'relation':
      return { relation: (raw as unknown[]) ?? [], has_more: false };
    case 'formula':
      // The seeded formula echoes the title in capitals: enough to show it is computed, not stored.
      return { formula: { type: 'string', string: plainText(((titleValue?.title as StoredRichText[]) ?? [])).toUpperCase() } };
    case 'rollup': {
      const relation = Object.values(values).find((value) => Array.isArray(value.relation))?.relation as unknown[] | undefined;
      return { rollup: { type: 'number', number: relation?.length ?? 0, function: 'count' } };
    }
    default:
      return { [property.type]: raw ?? null };
  }
}

export function renderSchema(schema: Record<string, PropertySchema>): Record<string, unknown> {
  return Object.fromEntries(Object.values(schema).map((property) => [property.name, { id: property.id, name: property.name, type: property.type, [property.type]: property.config }]));
}

/** The property types a schema update can add here: those the simulator stores and renders. */
const ADDABLE = new Set(['title', 'rich_text', 'number', 'checkbox', 'select', 'status', 'multi_select', 'date', 'people', 'relation', 'url', 'email', 'phone_number']);

/**
 * A data source's schema update (`PATCH /v1/data_sources/{id}`), as Notion applies it: a property named
 * (by name or id) with `null` is removed, with `name` renamed, with a type's configuration changed; an
 * unknown name with a type's configuration is a new property. Gives the renames and removals, which the
 * rows' stored values follow.
 */
export function applySchemaUpdate(schema: Record<string, PropertySchema>, updates: unknown, newId: () => string): { renamed: [string, string][]; removed: string[] } {
  if (!updates || typeof updates !== 'object' || Array.isArray(updates)) throw validationError('body failed validation: body.properties should be an object.');
  const renamed: [string, string][] = [];
  const removed: string[] = [];
  for (const [key, update] of Object.entries(updates as Record<string, unknown>)) {
    const property = schema[key] ?? Object.values(schema).find((candidate) => candidate.id === key);
    if (update === null) {
      if (!property) throw validationError(`${key} is not a property that exists.`);
      if (property.type === 'title') throw validationError('Cannot delete the title property of a data source.');
      delete schema[property.name];
      removed.push(property.name);
      continue;
    }
    if (typeof update !== 'object' || Array.isArray(update)) throw validationError(`body failed validation: body.properties.${key} should be an object or null.`);
    const { name, type: typeGiven, description: _description, ...configs } = update as Record<string, unknown>;
    const type = (typeof typeGiven === 'string' ? typeGiven : Object.keys(configs)[0]) ?? property?.type;
    if (!property && !type) throw validationError(`body failed validation: body.properties.${key} needs a property type to create it.`);
    if (type !== undefined && !ADDABLE.has(type)) throw validationError(`body failed validation: the simulator does not support properties of type ${type}.`);
    const config = type !== undefined && type in configs ? withOptionIds(configs[type], newId) : undefined;
    const target = property ?? (schema[key] = { id: newId().slice(0, 4), name: key, type: type!, config: config ?? {} });
    if (property && type !== undefined) {
      target.type = type;
      target.config = config ?? {};
    }
    if (typeof name === 'string' && name !== target.name) {
      if (schema[name]) throw validationError(`A property named ${name} already exists.`);
      delete schema[target.name];
      renamed.push([target.name, name]);
      target.name = name;
      schema[name] = target;
    }
  }
  return { renamed, removed };
}

/** A type's configuration as sent, its options given ids and colours as Notion gives them. */
function withOptionIds(config: unknown, newId: () => string): Record<string, unknown> {
  const given = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  if (!Array.isArray(given.options)) return { ...given };
  return { ...given, options: (given.options as { name: string; color?: string }[]).map((option) => ({ id: newId().slice(0, 8), color: 'default', ...option })) };
}
