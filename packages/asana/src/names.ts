// Names for people (their name in Asana) and for the task a comment sits on, which a comment's key does
// not carry: one users.getUser per person, the comments' tasks through the Batch API (ten to a request),
// remembered for the adapter's life, so an operator's command that lists fifty steps asks once.
import { mapConcurrent, nullWhenGone, type NameLookup } from '@backspace/core/adapter-kit';
import { batchGet } from './batch-read.js';
import type { AsanaClient, AsanaObject } from './client.js';

/** How actors() names a person: `asana:user:<gid>`; a Slack user id or a GitHub login is not one. */
const PERSON = /^asana:user:(\d+)$/;
/** Requests in flight at once: a short burst, well inside Asana's 150 a minute. */
const IN_FLIGHT = 4;
/** Asana has no such user: a 404, or a 400 for an id it does not recognize (its own "gone" for a person). */
const noSuchUser = (error: unknown) => [404, 400].includes((error as { status?: number }).status ?? 0);

/** What an id gives: the id a description looks up (a person's, a comment's task) and its name. */
type Named = readonly [id: string, name: string];

export class AsanaNames {
  /** By `person:<id>` or `story:<gid>`: what Asana named, null where it knows none; failures are not kept. */
  private readonly known = new Map<string, Promise<Named | null>>();

  constructor(private readonly client: AsanaClient) {}

  async lookup({ resources = [], people = [] }: NameLookup): Promise<Map<string, string>> {
    const persons = [...new Set(people.filter((id) => PERSON.test(id)))];
    const stories = [...new Set(resources.filter((resource) => resource.type === 'story' && /^\d+$/.test(resource.id)).map((resource) => resource.id))];
    this.askStories(stories.filter((gid) => !this.known.has(`story:${gid}`)));
    const found: (Named | null)[] = [];
    await Promise.all([
      mapConcurrent(persons, IN_FLIGHT, async (id) => {
        found.push(await this.remembered(`person:${id}`, () => this.personName(id)));
      }),
      ...stories.map(async (gid) => found.push(await this.known.get(`story:${gid}`)!.catch(() => null))),
    ]);
    return new Map(found.filter((named): named is Named => named !== null));
  }

  /** One id's name, asked of Asana once; a failed ask (rate limit, network) gives no name this time. */
  private remembered(key: string, read: () => Promise<Named | null>): Promise<Named | null> {
    let pending = this.known.get(key);
    if (!pending) {
      pending = read();
      this.remember(key, pending);
    }
    return pending.catch(() => null);
  }

  private remember(key: string, pending: Promise<Named | null>): void {
    this.known.set(key, pending);
    pending.catch(() => this.known.delete(key));
  }

  /** A person by gid; null where Asana has no such user (404, or 400 for an id it does not recognize). */
  private async personName(id: string): Promise<Named | null> {
    const gid = PERSON.exec(id)![1]!;
    const user = await nullWhenGone(() => this.client.call<AsanaObject>('getUser', false, () => this.client.users.getUser(gid, { opt_fields: 'name' })), noSuchUser);
    return typeof user?.name === 'string' && user.name ? [id, user.name] : null;
  }

  /** The task of each comment not asked for yet, all of them through the Batch API at once. */
  private askStories(gids: string[]): void {
    if (gids.length === 0) return;
    const answers = batchGet(this.client, gids.map((gid) => ({ path: `/stories/${gid}`, fields: 'target.name', operation: 'getStory' })));
    gids.forEach((gid, index) => {
      this.remember(`story:${gid}`, answers.then((all) => {
        const story = all[index];
        // A failed read of this one comment (a 403, say) is not remembered either.
        if (story instanceof Error) throw story;
        const target = (story as AsanaObject | null)?.target as AsanaObject | null | undefined;
        return target?.gid && typeof target.name === 'string' ? [String(target.gid), target.name] : null;
      }));
    });
  }
}
