// Notion: pages (created, renamed, trashed, content replaced), blocks in pages (appended, edited,
// deleted) and comments; a person on the official @notionhq/client Client. A page's content is read by
// what it says (one field per block text), so blocks put back under new ids still count as restored.
import { createNotionAdapter, createNotionClient } from '@backspace/notion';
import { createNotionSimulator, type NotionState } from '@backspace/notion/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';
import { digest, type ProviderKit } from './types.js';

/** The regression seeds found before people added columns to the data source. */
const FOUND_BEFORE_COLUMNS = new Set(REGRESSION_SEEDS.notion!.filter(({ addsColumns }) => !addsColumns).map(({ seed }) => seed));
/** The column a person adds to the seeded data source after the agent's rows are made. */
const ADDED_COLUMN = 'Review';

type Block = NotionState['blocks'] extends Map<string, infer Value> ? Value : never;
type RichText = { plain_text?: string; text?: { content?: string } }[];
const text = (content: string) => [{ type: 'text' as const, text: { content } }];
const isEmpty = (value: Record<string, unknown>) => Object.values(value).every((inner) => inner === null || (Array.isArray(inner) && inner.length === 0));
const plain = (rich: unknown) => ((rich as RichText | undefined) ?? []).map((part) => part.plain_text ?? part.text?.content ?? '').join('');

export const notionKit: ProviderKit = {
  provider: 'notion',
  async start(clock) {
    const simulator = await createNotionSimulator({ clock, rateLimit: false });
    const { seed } = simulator;
    const person = createNotionClient(simulator.tokens.human, simulator.url);
    const state = () => simulator.inspect();
    const titleName = (page: { properties: Record<string, Record<string, unknown>> }) => Object.keys(page.properties).find((name) => 'title' in page.properties[name]!) ?? 'title';
    const livePages = () => [...state().pages.values()].filter((page) => page.shared && !page.inTrash);
    const inLivePage = (block: Block) => state().pages.get(block.pageId)?.inTrash === false && state().pages.get(block.pageId)!.shared;
    const textBlocks = () => [...state().blocks.values()].filter((block) => !block.inTrash && Array.isArray(block.content.rich_text) && inLivePage(block));
    const paragraphs = (tag: string, count: number) => Array.from({ length: count }, (_, index) => ({ paragraph: { rich_text: text(`${tag}x${index + 1} block`) } }));

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const pages = livePages();
      const page = rng.pick(pages);
      switch (action) {
        case 'notion.page.create': {
          const inRows = rng.chance(0.4);
          const parent = inRows ? { data_source_id: seed.dataSourceId } : { page_id: rng.pick(pages.filter((candidate) => candidate.parent.type !== 'data_source_id')).id };
          return { parent, properties: { [inRows ? 'Name' : 'title']: { title: text(`${tag} page`) } }, ...(rng.chance(0.4) ? { children: paragraphs(tag, 1 + rng.int(2)) } : {}) };
        }
        case 'notion.page.update':
          return { page_id: page.id, properties: page.parent.type === 'data_source_id' && rng.chance(0.5) ? { Estimate: { number: 1 + rng.int(20) } } : { [titleName(page)]: { title: text(`${tag} title`) } } };
        case 'notion.page.trash': {
          const trashable = pages.filter((candidate) => candidate.id !== seed.parentPageId);
          return trashable.length ? { page_id: rng.pick(trashable).id } : undefined;
        }
        case 'notion.page.replace_content':
          return { page_id: page.id, children: paragraphs(tag, 1 + rng.int(2)) };
        case 'notion.block.append':
          return { block_id: page.id, children: paragraphs(tag, 1 + rng.int(3)) };
        case 'notion.block.update': {
          const blocks = textBlocks();
          if (!blocks.length) return undefined;
          const block = rng.pick(blocks);
          return { block_id: block.id, [block.type]: { rich_text: text(`${tag} edited`) } };
        }
        case 'notion.block.delete': {
          const blocks = textBlocks();
          return blocks.length ? { block_id: rng.pick(blocks).id } : undefined;
        }
        case 'notion.comment.create':
          return { parent: { page_id: page.id }, rich_text: text(`${tag} comment`) };
        default:
          throw new Error(`the Notion incident kit has no input for ${action}`);
      }
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const page = rng.pick(livePages());
      const blocks = textBlocks();
      // Now and then, instead, they add a column to the data source (once) and fill it on the newest row
      // the agents made there (drawn apart, never in a seed found before).
      const newestRow = livePages().filter((candidate) => candidate.parent.type === 'data_source_id' && !seed.rowIds.includes(candidate.id)).at(-1);
      if (newestRow && !FOUND_BEFORE_COLUMNS.has(rng.seed) && rng.apart(4_000_000, tag).chance(0.5)) {
        if (!state().dataSources.get(seed.dataSourceId)!.properties[ADDED_COLUMN]) await person.dataSources.update({ data_source_id: seed.dataSourceId, properties: { [ADDED_COLUMN]: { rich_text: {} } } } as never);
        await person.pages.update({ page_id: newestRow.id, properties: { [ADDED_COLUMN]: { rich_text: text(`${tag} review`) } } } as never);
        return `filled the new column on row ${newestRow.id}`;
      }
      switch (rng.int(5)) {
        case 0:
          await person.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text(`${tag} block`) } }] });
          return `wrote in ${page.id}`;
        case 1: {
          if (!blocks.length) return 'nothing';
          const block = rng.pick(blocks);
          await person.blocks.update({ block_id: block.id, [block.type]: { rich_text: text(`${tag} edited`) } } as never);
          return `edited block ${block.id}`;
        }
        case 2:
          await person.pages.update({ page_id: page.id, properties: { [titleName(page)]: { title: text(`${tag} title`) } } } as never);
          return `renamed ${page.id}`;
        case 3: {
          // Now and then (drawn apart) a reply in a discussion already on the page, an agent's included:
          // deleting the comment that opened it would take the reply with it.
          const discussions = [...state().comments.values()].filter((comment) => comment.pageId === page.id && !comment.deleted);
          if (discussions.length && rng.apart(7_000_000, tag).chance(0.5)) {
            const discussion = rng.apart(7_000_001, tag).pick(discussions).discussionId;
            await person.comments.create({ discussion_id: discussion, rich_text: text(`${tag} reply`) });
            return `replied in discussion ${discussion}`;
          }
          await person.comments.create({ parent: { page_id: page.id }, rich_text: text(`${tag} comment`) });
          return `commented on ${page.id}`;
        }
        default:
          await person.pages.create({ parent: { page_id: seed.parentPageId }, properties: { title: { title: text(`${tag} page`) } } } as never);
          return 'created a page';
      }
    };

    const observe = (): World => {
      const world: World = new Map();
      const notion = state();
      for (const page of notion.pages.values()) {
        if (!page.shared) continue;
        const fields: Record<string, string> = {};
        // An empty value (a number or select cleared to null) reads as no value, as Notion shows it.
        for (const [name, value] of Object.entries(page.properties)) if (!isEmpty(value)) fields[`property:${name}`] = 'title' in value ? plain(value.title) : digest(JSON.stringify(value));
        const names = [`notion.page:${page.id}`, `notion.children:${page.id}`];
        // What the page says at its top level; nested blocks are items inside their parent block.
        const walk = (ids: string[], top: boolean) => {
          for (const id of ids) {
            const block = notion.blocks.get(id);
            if (!block || block.type === 'child_page' || block.type === 'child_database') continue;
            names.push(`notion.block:${id}`, `notion.children:${id}`);
            if (top && !block.inTrash) {
              const said = `text:${block.type}:${plain(block.content.rich_text)}`;
              fields[said] = String(Number(fields[said] ?? 0) + 1);
            }
            walk(block.children, false);
          }
        };
        walk(page.children, true);
        for (const comment of notion.comments.values()) if (comment.pageId === page.id && !comment.deleted) fields[`comment:${comment.id}`] = 'yes';
        world.set(`page:${page.id}`, { kind: 'page', alive: !page.inTrash, fields, names, identity: plain(page.properties[titleName(page)]?.title) });
      }
      for (const block of notion.blocks.values()) {
        if (!Array.isArray(block.content.rich_text)) continue;
        // Blocks as objects too (one per write, for the duplicate check, and whose text who changed); a
        // page's fields say what it holds, so blocks restored under new ids still count.
        world.set(`block:${block.id}`, { kind: 'block', alive: !block.inTrash && notion.pages.get(block.pageId)?.inTrash === false, fields: { text: plain(block.content.rich_text) }, names: [`notion.block:${block.id}`, `notion.children:${block.pageId}`], container: block.parent.type === 'block_id' ? `block:${block.parent.block_id}` : `page:${block.pageId}`, identity: plain(block.content.rich_text) });
      }
      for (const comment of notion.comments.values()) {
        // A comment on a trashed page goes (and comes back) with it.
        world.set(`comment:${comment.id}`, { kind: 'comment', alive: !comment.deleted && notion.pages.get(comment.pageId)?.inTrash === false, fields: { text: plain(comment.richText) }, names: [`notion.comment:${comment.id}`], identity: plain(comment.richText), container: `page:${comment.pageId}` });
      }
      return world;
    };

    return {
      provider: 'notion',
      url: simulator.url,
      agentToken: simulator.tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
      isWrite: (request) => request.method !== 'GET' && !/\/query$/.test(request.path),
      agentInput,
      humanEdit,
      async humanRepeat(action, input) {
        const named = input as { page_id?: string; block_id?: string };
        if (action === 'notion.page.update') await person.pages.update(input as never);
        else if (action === 'notion.page.trash') await person.pages.update({ page_id: named.page_id!, in_trash: true });
        else if (action === 'notion.block.update') await person.blocks.update(input as never);
        else if (action === 'notion.block.delete') await person.blocks.delete({ block_id: named.block_id! });
        else return undefined;
        return `did by hand the ${action} of ${named.page_id ?? named.block_id}`;
      },
      observe,
      close: () => simulator.close(),
    };
  },
};
