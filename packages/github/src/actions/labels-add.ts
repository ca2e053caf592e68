// github.labels.add: add labels to an issue or pull request (issues.addLabels). Inverse: remove only
// the labels the agent asked for that were not there before and are still there; labels others added
// are kept, even those a late read of the post-state (a write settled by lookup) finds beside them.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { doneWhenGone, nullWhenGone, restoreFields, type CompensationReport } from '@backspace/core/adapter-kit';
import { graphqlRefused, isNotFound } from '../errors.js';
import type { GithubClient } from '../client.js';
import { readIssue } from '../read.js';
import { readIssueAndLabels } from '../read-issues.js';
import { changedBySelfSince, type ChangeEvent } from '../issue-events.js';
import { holdsLabel, labelFieldsOf, withLabels, withoutVersion } from '../issue-snapshot.js';
import { issueNumber, issueRef, labelField, labelValue, repoInput } from '../resources.js';

const input = z.strictObject({ ...repoInput, issue_number: issueNumber, labels: z
    .array(z.string().min(1).max(50))
    .min(1)
    .describe('Label names to add, e.g. ["bug", "priority: high"]; labels already on the issue stay. At least one.'),
});

/**
 * The inverse's input: the issue, its global id and the labels' (so one GraphQL mutation takes them off;
 * older journals lack them), and (added by the engine at rollback) the labels to take off.
 */
const removeInput = z
  .object({
    ...repoInput,
    issue_number: issueNumber,
    labelable_id: z.string().min(1).nullable().optional(),
    label_ids: z.record(z.string().min(1), z.string().min(1)).optional(),
    values: z.record(labelField, labelValue).optional(),
  })
  .strict();

export const REMOVE_LABELS_MUTATION = `mutation RemoveLabels($input: RemoveLabelsFromLabelableInput!) {
  removeLabelsFromLabelable(input: $input) { labelable { labels(first: 100) { totalCount nodes { name } } } }
}`;

type RemoveLabelsAnswer = { removeLabelsFromLabelable: { labelable: { labels: { totalCount: number; nodes: { name: string }[] } | null } | null } | null };

/** The issue's labels after the write, by name, and their global ids (what one GraphQL mutation takes off). */
export interface AddedLabels {
  labels: string[];
  label_ids?: Record<string, string>;
  /**
   * The issue's version after the write, in whole seconds: GitHub's answer gives the labels only, so the
   * time its `Date` header says the write was answered, which is the second the write moved the issue's
   * `updated_at` to (see `post`).
   */
  updated_at?: string | null;
}

/** An answer's `Date` header as GitHub spells an `updated_at` (`2026-06-01T09:00:05Z`); null without one. */
function answeredAt(date: string | undefined): string | null {
  const ms = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type RestLabel = string | { name?: string; node_id?: string };

const added = (labels: RestLabel[]): AddedLabels => {
  const named = labels.filter((label): label is { name: string; node_id?: string } => typeof label !== 'string' && typeof label.name === 'string');
  return { labels: named.map((label) => label.name), label_ids: Object.fromEntries(named.filter((label) => label.node_id).map((label) => [label.name, label.node_id!])) };
};

export const labelsAdd = defineGithubAction({
  name: 'github.labels.add',
  reversibility: 'reversible',
  description: 'Add labels to an issue; undone by removing the labels the agent added that were not there before',
  input,
  target: ({ owner, repo, issue_number }) => issueRef(owner, repo, issue_number),
  // The issue, and (`labels_new`) the names asked for that the repository has no label of: GitHub creates
  // those, and they outlast the rollback. One GraphQL request; through REST where GraphQL cannot say.
  snapshot: async ({ owner, repo, issue_number, labels }, { client }) => {
    const read = await readIssueAndLabels(client, issueRef(owner, repo, issue_number), labels);
    const snapshot = read ? read.snapshot : await readIssue(client, owner, repo, issue_number);
    if (!snapshot) return null;
    const missing = read ? read.missing : await labelsMissing(client, owner, repo, labels.filter((name) => !holdsLabel(snapshot, `label:${name}`)));
    return missing.length > 0 ? { ...snapshot, labels_new: missing } : snapshot;
  },
  execute: async (fields, { client }) => {
    const answer = await client.rest.issues.addLabels(fields);
    return { ...added(answer.data), updated_at: answeredAt(answer.headers.date) };
  },
  // Adding labels is idempotent: a lost answer counts as written once the issue has them all. Read partly
  // (a person took one off since), it landed if the token's own login labeled the issue with one the
  // pre-state lacked, after the pre-state's version (GitHub's issue events): it then answers as the write
  // left the issue, so the rollback takes off what is still the agent's.
  lookup: async ({ owner, repo, issue_number, labels }, { client, pre }) => {
    const current = added((await client.rest.issues.get({ owner, repo, issue_number })).data.labels);
    const on = (list: readonly string[], name: string) => list.some((held) => held.toLowerCase() === name.toLowerCase());
    const missing = labels.filter((name) => !on(current.labels, name));
    if (missing.length === 0) return current;
    const since = pre?.updated_at;
    const lacked = (name: string) => !holdsLabel(pre ?? null, `label:${name}`);
    const labeled = (event: ChangeEvent) => event.event === 'labeled' && !!event.label && on(labels, event.label.name) && lacked(event.label.name);
    if (typeof since !== 'string' || !(await changedBySelfSince(client, issueRef(owner, repo, issue_number), since, labeled))) return undefined;
    return { ...current, labels: [...current.labels, ...missing] };
  },
  // GitHub answers with every label the issue now has: the pre-state with that label set is the
  // post-state, with the version the answer's time gives (never the pre-state's, older than the write).
  // Without one, a rollback could not tell a person who took the agent's label off and put it back since
  // (their label, kept) from the agent's untouched label: it asks the issue's events only when the
  // version moved since the agent's write. A version that is off by a second costs that read, no more.
  post: (_input, { labels, updated_at }, pre) => (pre ? { ...withoutVersion(withLabels(pre, labels)), updated_at: updated_at ?? null } : null),
  // The pre-state read and the write.
  minimumRequests: 2,
  compensation: (args) => {
    const { input: { owner, repo, issue_number, labels }, result, pre, post } = args;
    // Field per label: `label:bug` is absent (null) before and true after. Only the labels asked for are
    // the agent's (the post-state may hold others' labels when read after the write), as GitHub spells
    // them, and only those the issue did not have already.
    const fields = labelFieldsOf(labels, post).filter((field) => !holdsLabel(pre, field));
    // The ids of those labels and the issue's, so the inverse takes them all off in one request.
    const names = fields.map((field) => field.slice('label:'.length));
    const label_ids = Object.fromEntries(names.flatMap((name) => (result?.label_ids?.[name] ? [[name, result.label_ids[name]!]] : [])));
    const labelable_id = typeof pre?.node_id === 'string' ? pre.node_id : null;
    // Labels GitHub created in the repository for this write stay there: taking one off the issue does not
    // delete it, and deleting it would take it off every issue a person has put it on since.
    const created = Array.isArray(pre?.labels_new) ? (pre.labels_new as string[]).filter((name) => names.some((agents) => agents.toLowerCase() === name.toLowerCase())) : [];
    return restoreFields(args, {
      operation: 'github.labels.remove',
      input: { owner, repo, issue_number, labelable_id, label_ids },
      fields,
      description: `remove ${names.join(', ') || 'no'} label(s) from #${issue_number} in ${owner}/${repo}`,
      ...(created.length > 0
        ? { residue: `label(s) ${created.map((name) => `"${name}"`).join(', ')} stay in ${owner}/${repo}: GitHub created them when the agent added them to #${issue_number}; delete them there if nobody uses them` }
        : {}),
    });
  },
  inverses: {
    'github.labels.remove': {
      input: removeInput,
      // One request: GraphQL `removeLabelsFromLabelable` takes the labels off by id, every other label
      // left on; without the ids (an older journal) or GraphQL, one REST DELETE per label.
      run: async ({ owner, repo, issue_number, labelable_id, label_ids, values }: z.infer<typeof removeInput>, { client }) => {
        const names = Object.keys(values ?? {}).map((field) => field.slice('label:'.length));
        if (names.length === 0) return;
        const ids = names.map((name) => label_ids?.[name]);
        if (typeof labelable_id === 'string' && ids.every((id): id is string => typeof id === 'string')) {
          try {
            return labelsAnswered(await client.graphql<RemoveLabelsAnswer>(REMOVE_LABELS_MUTATION, { input: { labelableId: labelable_id, labelIds: ids } }), names);
          } catch (error) {
            if (!graphqlRefused(error)) throw error;
          }
        }
        for (const name of names) await doneWhenGone(() => client.rest.issues.removeLabel({ owner, repo, issue_number, name }), isNotFound);
      },
    },
  },
});

/**
 * The labels the mutation's answer says the issue holds now, as the issue's snapshot names them (`label:<name>`
 * true, or null when off), for the labels the inverse took off; nothing when the answer does not list them all.
 */
function labelsAnswered(answer: RemoveLabelsAnswer, names: string[]): CompensationReport | undefined {
  const labels = answer.removeLabelsFromLabelable?.labelable?.labels;
  if (!labels || labels.nodes.length !== labels.totalCount) return undefined;
  const on = new Set(labels.nodes.map((label) => label.name.toLowerCase()));
  return { observed: Object.fromEntries(names.map((name) => [`label:${name}`, on.has(name.toLowerCase()) ? true : null])) };
}

/** Which of `names` the repository has no label of, through REST: one read per name. */
async function labelsMissing(client: GithubClient, owner: string, repo: string, names: string[]): Promise<string[]> {
  const found = await Promise.all(names.map((name) => nullWhenGone(() => client.rest.issues.getLabel({ owner, repo, name }))));
  return names.filter((_name, index) => found[index] === null);
}
