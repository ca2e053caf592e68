// Names for people (their full name) and for the issue a comment sits on (ENG-12), which a comment's key
// does not carry: one GraphQL request per 50 of each (`users` and `comments` filtered by id, in one
// document), remembered for the adapter's life, so an operator's command that lists fifty steps asks once.
import type { NameLookup } from '@backspace/core';
import { isUuid } from './actions/issue-input.js';
import { NAMES_QUERY } from './documents.js';
import type { LinearCalls } from './linear-calls.js';

/** Ids asked for at once: Linear's default page size, as planning's batched issue reads use. */
const IDS_PER_REQUEST = 50;

/** What an id gives: the id a description looks up (a person's, a comment's issue) and its name. */
type Named = readonly [id: string, name: string];

interface NamesAnswer {
  users: { nodes: Array<{ id: string; name: string; displayName: string }> };
  comments: { nodes: Array<{ id: string; issue: { id: string; identifier: string } | null }> };
}

export class LinearNames {
  /** By `person:<id>` or `comment:<id>`: what Linear named, null where it knows none; failures are not kept. */
  private readonly known = new Map<string, Promise<Named | null>>();

  constructor(private readonly calls: LinearCalls) {}

  async lookup({ resources = [], people = [] }: NameLookup): Promise<Map<string, string>> {
    // Linear's ids are UUIDs: a Slack user id or a GitHub login is another provider's.
    const persons = [...new Set(people.filter(isUuid))];
    const comments = [...new Set(resources.filter((resource) => resource.type === 'comment' && isUuid(resource.id)).map((resource) => resource.id))];
    this.ask(
      persons.filter((id) => !this.known.has(`person:${id}`)),
      comments.filter((id) => !this.known.has(`comment:${id}`)),
    );
    const found = await Promise.all([...persons.map((id) => `person:${id}`), ...comments.map((id) => `comment:${id}`)].map((key) => this.known.get(key)!.catch(() => null)));
    return new Map(found.filter((named): named is Named => named !== null));
  }

  /** One request per 50 people and 50 comments not asked for yet; each id's answer remembered once it comes. */
  private ask(people: string[], comments: string[]): void {
    for (let start = 0; start < Math.max(people.length, comments.length); start += IDS_PER_REQUEST) {
      const batch = { people: people.slice(start, start + IDS_PER_REQUEST), comments: comments.slice(start, start + IDS_PER_REQUEST) };
      const answer = this.calls.request<NamesAnswer>(NAMES_QUERY, { ...batch, first: IDS_PER_REQUEST });
      const remember = (key: string, named: (answered: NamesAnswer) => Named | null) => {
        const pending = answer.then(named);
        this.known.set(key, pending);
        // A failed request (rate limit, network) names nothing this time, and the next command asks again.
        pending.catch(() => this.known.delete(key));
      };
      for (const id of batch.people) {
        remember(`person:${id}`, ({ users }) => {
          const user = users.nodes.find((node) => node.id === id);
          return user && (user.name || user.displayName) ? [id, user.name || user.displayName] : null;
        });
      }
      for (const id of batch.comments) {
        remember(`comment:${id}`, ({ comments: found }) => {
          const issue = found.nodes.find((node) => node.id === id)?.issue;
          return issue?.identifier ? [issue.id, issue.identifier] : null;
        });
      }
    }
  }
}
