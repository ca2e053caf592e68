// Who changed each field of an issue last, from its events (GET /repos/{owner}/{repo}/issues/{n}/events):
// how a rollback tells a person who closed again the issue the agent closed (reopened it, then closed
// it), or gave it back the agent's title or label, from the agent, whose earlier value it would
// otherwise put back over theirs. GitHub records no event for a body edit: the body's last editor comes
// from GraphQL (`editor`, null while the body was never edited).
import type { FieldWriter, ResourceRef } from '@backspace/core';
import type { GithubClient } from './client.js';
import { graphqlData } from './graphql-data.js';
import { readWhereIssueIs, type IssueAddress } from './issue-moved.js';
import { parseRef } from './resources.js';

/** The snapshot fields each event kind records a change of (labels also one `label:<name>` field each). */
const FIELDS_BY_EVENT: Record<string, string[]> = {
  closed: ['state', 'state_reason', 'reopened'],
  reopened: ['state', 'state_reason', 'reopened'],
  renamed: ['title'],
  labeled: ['labels'],
  unlabeled: ['labels'],
  assigned: ['assignees'],
  unassigned: ['assignees'],
  milestoned: ['milestone'],
  demilestoned: ['milestone'],
};

/** The fields events trace: each is named a writer, or null where no event names a change of it. */
const TRACED = ['state', 'state_reason', 'reopened', 'title', 'labels', 'assignees', 'milestone'];

interface IssueEvent {
  id: number;
  event: string;
  created_at: string;
  actor: { login: string } | null;
  label?: { name: string } | null;
}

/**
 * Each traced field's last writer, by snapshot field name; labels by name as the events spell them
 * (`label:<name>`, as snapshots spell the repository's label). A change by the token's own login is the
 * agent's (`self`); anyone else's, or one with no actor (a deleted account: "ghost"), is not.
 */
export async function issueLastWriters(client: GithubClient, resource: ResourceRef): Promise<Map<string, FieldWriter | null>> {
  if (resource.type !== 'issue') return new Map();
  const asked = parseRef(resource);
  const [read, login, bodyEditorHere] = await Promise.all([issueEvents<IssueEvent>(client, asked), client.login(), lastBodyEditor(client, asked)]);
  const { events, at } = read;
  // Moved by a person since: the body's editor is asked where the issue is now too.
  const bodyEditor = at === asked ? bodyEditorHere : await lastBodyEditor(client, at);
  // Oldest first (GitHub lists them so; ids only grow): the last change of a field wins.
  const ordered = [...events].sort((left, right) => left.created_at.localeCompare(right.created_at) || left.id - right.id);
  const writers = new Map<string, FieldWriter | null>(TRACED.map((field) => [field, null]));
  let reopenedByOther: FieldWriter | undefined;
  for (const event of ordered) {
    const fields = FIELDS_BY_EVENT[event.event];
    if (!fields) continue;
    const by = event.actor?.login ?? 'ghost';
    const writer: FieldWriter = { by, self: event.actor !== null && by === login };
    for (const field of fields) writers.set(field, writer);
    if (event.label?.name) writers.set(`label:${event.label.name}`, writer);
    if (event.event === 'reopened' && !writer.self) reopenedByOther = writer;
  }
  // `reopened` is the decision to keep the issue open, and stays the one who made it: GitHub's
  // `state_reason` forgets a reopen once the issue is closed again (by an agent, later), and a
  // rollback's own reopen undoing that close is the token's, yet neither takes back a person's choice.
  // So the last reopen by someone other than the token names its writer, whatever closed it since.
  if (reopenedByOther) writers.set('reopened', reopenedByOther);
  // A body never edited since the issue was opened names no write of it: a write that set it would have.
  if (bodyEditor !== undefined) writers.set('body', bodyEditor === null ? null : { by: bodyEditor, self: sameLogin(bodyEditor, login) });
  return writers;
}

/**
 * The document asking who last edited an issue's body, or a pull request's: its number is an issue's in
 * REST, and GraphQL's `issue(number:)` does not resolve it (hence `issueOrPullRequest`).
 */
export function bodyEditorDocument(owner: string, repo: string, number: number): string {
  const edited = 'editor { login } lastEditedAt';
  return `query BackspaceBodyEditor { repository(owner: ${JSON.stringify(owner)}, name: ${JSON.stringify(repo)}) { issue: issueOrPullRequest(number: ${number}) { ... on Issue { ${edited} } ... on PullRequest { ${edited} } } } }`;
}

/** The login that last edited the body (null: never edited); undefined where GraphQL is not served, so the body stays untraced. */
async function lastBodyEditor(client: GithubClient, { owner, repo, number }: IssueAddress): Promise<string | null | undefined> {
  type Answer = { repository: { issue: { editor: { login: string } | null; lastEditedAt: string | null } | null } | null };
  const issue = (await graphqlData<Answer>(client, bodyEditorDocument(owner, repo, number), { otherErrors: 'throw' }))?.repository?.issue;
  if (!issue) return undefined;
  // A deleted account's edit keeps its time but names no editor: someone else's ("ghost").
  return issue.editor?.login ?? (issue.lastEditedAt ? 'ghost' : null);
}

/** GraphQL spells a bot's login without REST's `[bot]` suffix. */
export const sameLogin = (left: string, right: string) => left.replace(/\[bot\]$/, '') === right.replace(/\[bot\]$/, '');

/** One issue event, with what it changed: the title it renamed to, the label or assignee it added or took off. */
export type ChangeEvent = IssueEvent & { rename?: { to: string } | null; assignee?: { login: string } | null };

/**
 * Whether the token's own login made a change `made` recognises on the issue at or after `since` (the
 * issue's `updated_at` as the write's pre-state read it: GitHub's own clock, in whole seconds). The
 * change must be one the write makes (renamed to its title, assigned one of its assignees the pre-state
 * lacked...): a change the session made before the write, in the same second, set what the pre-state
 * already holds, so it is not taken for this write. How a lookup tells the agent's update landed when a
 * person has changed part of it since. The body has no event.
 */
export async function changedBySelfSince(client: GithubClient, resource: ResourceRef, since: string, made: (event: ChangeEvent) => boolean): Promise<boolean> {
  const [{ events }, login] = await Promise.all([issueEvents<ChangeEvent>(client, parseRef(resource)), client.login()]);
  return events.some((event) => event.actor?.login === login && Date.parse(event.created_at) >= versionTime(since) && made(event));
}

/**
 * Whether the issue's last reopen was the token's own (the agent's, or another session's on the same
 * token): read where the agent closes an issue that reads as reopened, so that undoing the close gives
 * back the agent's own reopen as the agent's, and a person's as theirs. No reopen event: false.
 */
export async function lastReopenedBySelf(client: GithubClient, resource: ResourceRef): Promise<boolean> {
  const [{ events }, login] = await Promise.all([issueEvents<IssueEvent>(client, parseRef(resource)), client.login()]);
  const last = [...events].sort((left, right) => left.created_at.localeCompare(right.created_at) || left.id - right.id).filter((event) => event.event === 'reopened').at(-1);
  return last !== undefined && last.actor !== null && sameLogin(last.actor.login, login);
}

/**
 * An issue's events, and where they were read: where a person transferred the issue, GitHub answers its
 * events 404 at the old address and they are read where it went. An issue gone answers GitHub's 404.
 */
async function issueEvents<Event>(client: GithubClient, address: IssueAddress): Promise<{ events: Event[]; at: IssueAddress }> {
  const listAt = ({ owner, repo, number }: IssueAddress) => client.octokit.paginate(client.rest.issues.listEvents, { owner, repo, issue_number: number, per_page: 100 }) as Promise<Event[]>;
  const { value: events, at } = await readWhereIssueIs(client, address, listAt);
  return { events, at };
}

/** The time an issue's version stands for (a version may also name a same-second event: see read-issues.ts `versionOf`). */
export function versionTime(version: string): number {
  return Date.parse(version.split(' ')[0]!);
}
