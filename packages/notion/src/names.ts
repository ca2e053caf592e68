// Names for people (their name in Notion) and for the page whose contents a `children` resource is, which
// its key names by id alone: one users.retrieve per person and one pages.retrieve per page (Notion has no
// call that answers for many), remembered for the adapter's life, so a command listing fifty steps asks once.
import { mapConcurrent, nullWhenGone, type NameLookup } from '@backspace/core/adapter-kit';
import { canonicalId } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { plainTitle } from './normalize.js';

/** Notion's ids: UUIDs (dashes optional); a Slack user id or an Asana gid is another provider's. */
const NOTION_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Requests in flight at once: Notion allows an average of three a second, with short bursts. */
const IN_FLIGHT = 3;

export class NotionNames {
  /** By `person:<id>` or `page:<id>`: its name, null where Notion shows none (gone, not shared); failures are not kept. */
  private readonly known = new Map<string, Promise<string | null>>();

  constructor(private readonly api: NotionApi) {}

  async lookup({ resources = [], people = [] }: NameLookup): Promise<Map<string, string>> {
    const pages = resources.filter((resource) => resource.type === 'children' && NOTION_ID.test(resource.id)).map((resource) => canonicalId(resource.id));
    const wanted = [...new Set(pages)].map((id) => ({ id, key: `page:${id}`, read: () => this.pageTitle(id) }));
    for (const id of new Set(people)) if (NOTION_ID.test(id)) wanted.push({ id, key: `person:${canonicalId(id)}`, read: () => this.personName(id) });
    const names = new Map<string, string>();
    await mapConcurrent(wanted, IN_FLIGHT, async ({ id, key, read }) => {
      const name = await this.remembered(key, read);
      if (name) names.set(id, name);
    });
    return names;
  }

  /** One id's name, asked of Notion once; a failed ask (rate limit, network) gives no name this time. */
  private remembered(key: string, read: () => Promise<string | null>): Promise<string | null> {
    let pending = this.known.get(key);
    if (!pending) {
      pending = read();
      this.known.set(key, pending);
      pending.catch(() => this.known.delete(key));
    }
    return pending.catch(() => null);
  }

  private async personName(userId: string): Promise<string | null> {
    const user = await nullWhenGone(() => this.api.read((sdk) => sdk.users.retrieve({ user_id: userId })), isNotFound);
    return user && 'name' in user && user.name ? user.name : null;
  }

  /** The page's title; a `children` of a block that is not a page is not one (404), and keeps its id. */
  private async pageTitle(pageId: string): Promise<string | null> {
    const page = await nullWhenGone(() => this.api.read((sdk) => sdk.pages.retrieve({ page_id: pageId })), isNotFound);
    return page && 'properties' in page ? plainTitle(page.properties) || null : null;
  }
}
