// The starting workspace: a shared page with some blocks, a data source with rows, a page not shared.
import { insertBlocks, parseChildren } from './blocks.js';
import type { NotionStore, PageRecord, PropertySchema } from './store.js';

export interface NotionSeed {
  /** A page shared with the integration, holding some blocks and the data source. */
  parentPageId: string;
  /** The Tasks data source: title Name, status Status, rich text Notes, and more typed properties. */
  dataSourceId: string;
  databaseId: string;
  /** Rows of the data source, in creation order. */
  rowIds: string[];
  /** A page nobody shared with the integration: every call about it answers object_not_found. */
  unsharedPageId: string;
}

const text = (content: string) => [{ type: 'text', text: { content } }];

/** The shared page's title and blocks (a live sandbox gets a fresh copy of them for each check). */
export const SEED_PAGE = {
  title: 'Team handbook',
  blocks: [
    { heading_1: { rich_text: text('How we work') } },
    { paragraph: { rich_text: text('We write things down.') } },
    { to_do: { rich_text: text('Read the handbook'), checked: true } },
    { bulleted_list_item: { rich_text: text('Ship small'), children: [{ bulleted_list_item: { rich_text: text('and often') } }] } },
  ] as Record<string, unknown>[],
};

/** The Tasks data source's rows, in creation order: Name, Status and Notes. */
export const SEED_ROWS = [
  { name: 'Write onboarding doc', status: 'Not started', notes: 'Row 1' },
  { name: 'Rotate on-call', status: 'In progress', notes: 'Row 2' },
  { name: 'Plan offsite', status: 'Done', notes: 'Row 3' },
] as const;

export function seedWorkspace(store: NotionStore, ownerId: string): NotionSeed {
  const now = store.times.nextIso();
  const newPage = (parent: PageRecord['parent'], title: string, titleName: string, shared: boolean): PageRecord => {
    const page: PageRecord = { id: store.newId(), parent, properties: { [titleName]: { title: text(title).map(withDefaults) } }, icon: null, cover: null, inTrash: false, shared, children: [], createdTime: now, createdBy: ownerId, lastEditedTime: now, lastEditedBy: ownerId };
    store.pages.set(page.id, page);
    return page;
  };
  const handbook = newPage({ type: 'workspace', workspace: true }, SEED_PAGE.title, 'title', true);
  const unshared = newPage({ type: 'workspace', workspace: true }, 'Salaries (private)', 'title', false);
  insertBlocks(store, { kind: 'page', id: handbook.id, pageId: handbook.id, children: handbook.children }, parseChildren(SEED_PAGE.blocks), ownerId);
  insertBlocks(store, { kind: 'page', id: unshared.id, pageId: unshared.id, children: unshared.children }, parseChildren([{ paragraph: { rich_text: text('Not for integrations.') } }]), ownerId);

  const option = (name: string, color: string) => ({ id: store.newId().slice(0, 8), name, color });
  const schema: Record<string, PropertySchema> = {};
  const add = (name: string, type: string, config: Record<string, unknown> = {}, id = store.newId().slice(0, 4)) => (schema[name] = { id, name, type, config });
  add('Name', 'title', {}, 'title');
  add('Status', 'status', { options: [option('Not started', 'default'), option('In progress', 'blue'), option('Done', 'green')], groups: [] });
  add('Notes', 'rich_text');
  add('Priority', 'select', { options: [option('Low', 'gray'), option('High', 'red')] });
  add('Tags', 'multi_select', { options: [option('docs', 'yellow'), option('ops', 'purple')] });
  add('Due', 'date');
  add('Reviewed', 'checkbox');
  add('Estimate', 'number', { format: 'number' });
  add('Owner', 'people');
  const dataSourceId = store.newId();
  add('Related', 'relation', { data_source_id: dataSourceId, type: 'single_property', single_property: {} });
  add('Shout', 'formula', { expression: 'upper(prop("Name"))' });
  add('Related count', 'rollup', { relation_property_name: 'Related', rollup_property_name: 'Name', function: 'count' });
  const databaseId = store.newId();
  store.dataSources.set(dataSourceId, { id: dataSourceId, databaseId, parentPageId: handbook.id, title: 'Tasks', properties: schema, createdTime: now, createdBy: ownerId });

  const rows = SEED_ROWS.map(({ name, status, notes }) => {
    const row = newPage({ type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId }, name, 'Name', true);
    row.properties.Status = { status: { name: status } };
    row.properties.Notes = { rich_text: text(notes).map(withDefaults) };
    return row.id;
  });
  return { parentPageId: handbook.id, dataSourceId, databaseId, rowIds: rows, unsharedPageId: unshared.id };
}

function withDefaults(item: { type: string; text: { content: string } }) {
  return { type: 'text', text: { content: item.text.content, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' } };
}
