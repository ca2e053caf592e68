// github.issue.update: change an issue's title, body, state, labels, assignees or milestone
// (issues.update). Inverse: restore, three-way, only the fields still holding the agent's value.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { sameJson } from '@backspace/core';
import { doneWhenGone, restoreFields, type Snapshot } from '@backspace/core/adapter-kit';
import { isNotFound } from '../errors.js';
import type { GithubClient } from '../client.js';
import { holdsLabel, issueSnapshot, labelFieldsOf, resultSnapshot } from '../issue-snapshot.js';
import { readIssue } from '../read.js';
import { issueNumber, issueRef, labelField, labelValue, positiveId, repoInput } from '../resources.js';
import { compactIssue, type CreatedIssue } from './issue-create.js';
import { changedBySelfSince, lastReopenedBySelf, type ChangeEvent } from '../issue-events.js';

export const ISSUE_FIELDS = ['title', 'body', 'state', 'labels', 'assignees', 'milestone'] as const;

const input = z
  .strictObject({
    ...repoInput,
    issue_number: issueNumber,
    title: z.string().min(1).max(256).optional().describe('A new title. Leave out to keep the current one.'),
    body: z.string().max(65_000).nullable().optional().describe('A new description in GitHub Markdown, replacing the whole body; null clears it. Leave out to keep it.'),
    state: z.enum(['open', 'closed']).optional().describe('"closed" to close the issue, "open" to reopen it. Leave out to keep its state.'),
    state_reason: z
      .enum(['completed', 'not_planned', 'reopened'])
      .nullable()
      .optional()
      .describe('Why the state changes: "completed" (done) or "not_planned" when closing, "reopened" when reopening. Only with state.'),
    labels: z.array(z.string().min(1)).optional().describe('The full list of label names the issue should have; it replaces the current labels ([] removes all). To add labels only, use github.labels.add.'),
    assignees: z.array(z.string().min(1)).optional().describe('The full list of GitHub usernames (no @) to assign; it replaces the current assignees ([] unassigns everyone).'),
    milestone: z.number().int().positive().nullable().optional().describe('The milestone number (as in the milestone\'s URL) to put the issue in; null removes it from its milestone.'),
  })
  .refine((value) => ISSUE_FIELDS.some((field) => value[field] !== undefined), { message: `give at least one of ${ISSUE_FIELDS.join(', ')}` });

type Input = z.infer<typeof input>;

/** Why GitHub says a closed issue was closed. */
const CLOSE_REASONS = ['completed', 'not_planned', 'duplicate'] as const;

/** The fields besides labels the inverse may put back (`reopened` is compared, never sent: see `stateFields`). */
const RESTORED = ['title', 'body', 'state', 'state_reason', 'reopened', 'assignees', 'milestone'];

/** The fields the inverse puts back, as the issue's snapshot holds them before the agent's write. */
const issueValues = z
  .object({
    title: z.string().min(1),
    body: z.string().nullable(),
    state: z.enum(['open', 'closed']),
    // Why a closed issue was closed (GitHub's values for a close), or `reopened` for an issue open
    // because it was reopened; restored only with `state`.
    state_reason: z.enum([...CLOSE_REASONS, 'reopened']),
    // Follows `state` and `state_reason` on GitHub: compared and verified, never sent.
    reopened: z.boolean(),
    assignees: z.array(z.string().min(1)),
    milestone: positiveId.nullable(),
  })
  .partial()
  .catchall(labelValue)
  .refine((values) => Object.keys(values).every((field) => RESTORED.includes(field) || labelField.safeParse(field).success), `only ${RESTORED.join(', ')} and label:<name> are restored`);

/** The inverse's input: the issue, and (added by the engine at rollback) the earlier values to put back. */
const restoreInput = z.object({ ...repoInput, issue_number: issueNumber, values: issueValues.optional() }).strict();

const changedFields = (value: Input) => ISSUE_FIELDS.filter((field) => value[field] !== undefined);

/** The input as it reads back in a snapshot (labels and assignees sorted). */
function expected(value: Input): Record<string, unknown> {
  return Object.fromEntries(changedFields(value).map((field) => [field, Array.isArray(value[field]) ? [...(value[field] as string[])].sort() : value[field]]));
}

export const issueUpdate = defineGithubAction({
  name: 'github.issue.update',
  reversibility: 'reversible',
  description: "Update an issue's fields; undone by restoring the fields the agent changed that nobody changed since",
  modelDescription:
    'Use this to change a GitHub issue: its title, body, labels, assignees or milestone, or to close it (state "closed" with state_reason "completed" or "not_planned") or reopen it. Give only the fields to change; labels and assignees replace the whole list (to add labels only, use github.labels.add). It can be undone exactly if this session is rolled back, by restoring the fields it changed that nobody changed since.',
  input,
  target: ({ owner, repo, issue_number }) => issueRef(owner, repo, issue_number),
  // Closing an issue that reads as reopened: whose reopen it was (one more request, only then), for the
  // inverse to tell what its reopen gives back (see `stateFields`). Events that cannot be read never stop
  // the write: the reopen then counts as someone else's, as it did before this was asked.
  snapshot: async ({ owner, repo, issue_number, state }, { client }) => {
    const pre = await readIssue(client, owner, repo, issue_number);
    if (state !== 'closed' || pre?.reopened !== true) return pre;
    const bySelf = await lastReopenedBySelf(client, issueRef(owner, repo, issue_number)).catch(() => false);
    return { ...pre, reopened_by_self: bySelf };
  },
  execute: async (fields, { client }) => compactIssue((await client.rest.issues.update(fields)).data),
  // An update is idempotent: if the issue already reads as the input asks, the earlier attempt landed
  // (labels as GitHub matches them: case-insensitively, others' labels added since beside them).
  // Read partly otherwise (a person changed a field since), the write landed if the token's own events
  // after the pre-state's version changed a field it sets (GitHub names who renamed, closed, assigned, labeled): then
  // it answers as the write left the issue, so the person's changes since are theirs.
  lookup: async (value, { client, pre }) => {
    const current = await client.rest.issues.get({ owner: value.owner, repo: value.repo, issue_number: value.issue_number });
    const snapshot = issueSnapshot(current.data);
    const landed = Object.entries(expected(value)).every(([field, wanted]) => (field === 'labels' ? labelsLanded(value.labels!, pre, snapshot) : sameJson(snapshot[field], wanted as never)));
    if (landed) return compactIssue(current.data);
    const since = pre?.updated_at;
    if (typeof since !== 'string' || !(await changedBySelfSince(client, issueRef(value.owner, value.repo, value.issue_number), since, (event) => madeBy(value, pre, event)))) return undefined;
    return asWritten(compactIssue(current.data), value, pre);
  },
  // The write's answer is the issue after it; an update leaves its comments as the pre-state read them.
  post: (_input, issue, pre) => resultSnapshot(issue, pre?.comment_keys ?? []),
  // The pre-state read and the write.
  minimumRequests: 2,
  compensation: (args) => {
    const { input: value, pre, post } = args;
    const fields = [...changedFields(value).filter((field) => field !== 'labels'), ...stateFields(value, pre, post), ...(value.labels ? labelFields(value.labels, pre, post) : [])];
    return restoreFields(args, {
      operation: 'github.issue.restore',
      input: { owner: value.owner, repo: value.repo, issue_number: value.issue_number },
      fields,
      description: `restore ${describe(fields)} of issue #${value.issue_number} in ${value.owner}/${value.repo}`,
    });
  },
  inverses: {
    'github.issue.restore': {
      input: restoreInput,
      // Labels come one field each (`label:bug`: true to put back, null to take off), so a label
      // someone else added meanwhile stays; the other fields go back in one update.
      run: async ({ owner, repo, issue_number, values }: z.infer<typeof restoreInput>, { client }) => {
        const entries = Object.entries(values ?? {});
        const labels = entries.filter(([field]) => field.startsWith('label:')).map(([field, value]) => [field.slice('label:'.length), value] as const);
        // GitHub ignores `state_reason` unless `state` changes with it: a reason is sent with its state only.
        // `reopened` is GitHub's own reading of the state and its reason: never sent.
        const others = Object.fromEntries(entries.filter(([field]) => !field.startsWith('label:') && field !== 'reopened' && (field !== 'state_reason' || values?.state !== undefined)));
        const updated = Object.keys(others).length > 0 ? await client.rest.issues.update({ owner, repo, issue_number, ...others }) : undefined;
        const back = labels.filter(([, value]) => value === true).map(([name]) => name);
        if (back.length > 0) await client.rest.issues.addLabels({ owner, repo, issue_number, labels: back });
        for (const [name] of labels.filter(([, value]) => value !== true)) {
          await doneWhenGone(() => client.rest.issues.removeLabel({ owner, repo, issue_number, name }), isNotFound);
        }
        // Without label writes, the update's answer is the issue as it now is.
        return updated && labels.length === 0 ? { observed: issueSnapshot(updated.data) } : undefined;
      },
    },
  },
});

/**
 * The fields GitHub changes with `state`, where the write changes it, so that the inverse puts them back
 * with it and a rollback's picture of the issue after each inverse holds them (an older step compares
 * them). `state_reason`: reopened by the agent, an issue is closed again as it was closed (not planned,
 * duplicate), not as completed (what GitHub gives a close without a reason); closed by the agent, one
 * that was open because someone reopened it is reopened (`reopened`). An open issue never closed reads
 * null, which no write can give back (GitHub says `reopened` once it is reopened), so it is left out.
 * `reopened`: the agent's own reopen makes the issue read as reopened; undone, it no longer does, and
 * an older step of the session (its create, guarded by `reopened`) must not take the agent's reopen for
 * a person's. Closing and reopening are both the agent's then, and nobody else's decision stays behind.
 * Closing an issue someone else reopened, it is left out: the rollback's reopen gives back the issue's
 * state, not their decision, which an older create finds in the issue's events, naming them.
 */
function stateFields(value: Input, pre: Snapshot | null, post: Snapshot | null): string[] {
  if (value.state === undefined || !pre) return [];
  const reason = pre.state === 'closed' ? (CLOSE_REASONS as readonly unknown[]).includes(pre.state_reason) : pre.state_reason === 'reopened';
  const changed = typeof pre.reopened === 'boolean' && typeof post?.reopened === 'boolean' && pre.reopened !== post.reopened;
  const reopened = changed && (pre.reopened !== true || pre.reopened_by_self === true);
  return [...(reason ? ['state_reason'] : []), ...(reopened ? ['reopened'] : [])];
}

/**
 * Labels are tracked one field per label (`label:bug`), as `github.labels.add` tracks them, so one
 * rollback of both restores the issue's whole earlier label set, label by label, and a label someone
 * else added in the meantime is kept. The fields: every label the replacement took off and every one it
 * put on, from the requested list (matched case-insensitively, as GitHub matches label names, and spelled
 * as the post-state spells them): a post-state read late may hold labels others added since.
 */
function labelFields(requested: string[], pre: Snapshot | null, post: Snapshot | null): string[] {
  const put = labelFieldsOf(requested, post);
  const takenOff = Object.keys(pre ?? {}).filter((field) => field.startsWith('label:') && !put.some((wanted) => wanted.toLowerCase() === field.toLowerCase()));
  return [...takenOff, ...put.filter((field) => !holdsLabel(pre, field))].sort();
}

/**
 * Whether the issue holds the requested labels as a replacement leaves them: each requested label on it
 * and each other label it had before (`pre`) off it. Labels others added since do not hide the write.
 */
/**
 * The issue as the update left it: the fields it sent over what is there now (labels named as the
 * repository spells them, where the issue or its pre-state holds them in another case).
 */
function asWritten(issue: CreatedIssue, value: Input, pre: Snapshot | null | undefined): CreatedIssue {
  const known = [...issue.labels, ...((pre?.labels ?? []) as string[])];
  const spelled = (name: string) => known.find((label) => label.toLowerCase() === name.toLowerCase()) ?? name;
  const wanted = expected(value);
  return {
    ...issue,
    ...(wanted as Partial<CreatedIssue>),
    ...(value.labels ? { labels: value.labels.map(spelled).sort() } : {}),
    ...(value.state_reason !== undefined ? { state_reason: value.state_reason } : {}),
  };
}

/** Whether an issue event is a change this update makes (from its pre-state to what it sends). */
function madeBy(value: Input, pre: Snapshot | null | undefined, event: ChangeEvent): boolean {
  const had = (list: unknown, name: string) => ((list ?? []) as string[]).some((item) => item.toLowerCase() === name.toLowerCase());
  const assignee = event.assignee?.login ?? '';
  const label = event.label?.name ?? '';
  switch (event.event) {
    case 'renamed':
      return value.title !== undefined && value.title !== pre?.title && event.rename?.to === value.title;
    case 'assigned':
      return !!value.assignees && had(value.assignees, assignee) && !had(pre?.assignees, assignee);
    case 'unassigned':
      return !!value.assignees && !had(value.assignees, assignee) && had(pre?.assignees, assignee);
    case 'labeled':
      return !!value.labels && had(value.labels, label) && !had(pre?.labels, label);
    case 'unlabeled':
      return !!value.labels && !had(value.labels, label) && had(pre?.labels, label);
    case 'closed':
      return value.state === 'closed' && pre?.state !== 'closed';
    case 'reopened':
      return value.state === 'open' && pre?.state === 'closed';
    case 'milestoned':
    case 'demilestoned':
      return value.milestone !== undefined && value.milestone !== pre?.milestone && (event.event === 'demilestoned') === (value.milestone === null);
    default:
      return false;
  }
}

function labelsLanded(requested: string[], pre: Snapshot | null | undefined, now: Snapshot): boolean {
  const on = new Set(((now.labels ?? []) as string[]).map((name) => name.toLowerCase()));
  const wanted = new Set(requested.map((name) => name.toLowerCase()));
  if (![...wanted].every((name) => on.has(name))) return false;
  // Without the pre-state (an older journal), only exactly the requested set says it landed.
  if (!pre) return on.size === wanted.size;
  const before = ((pre.labels ?? []) as string[]).map((name) => name.toLowerCase());
  return before.every((name) => wanted.has(name) || !on.has(name));
}

function describe(fields: string[]): string {
  const labels = fields.filter((field) => field.startsWith('label:'));
  return [...fields.filter((field) => !field.startsWith('label:')), ...(labels.length > 0 ? [`labels (${labels.map((field) => field.slice('label:'.length)).join(', ')})`] : [])].join(', ');
}
