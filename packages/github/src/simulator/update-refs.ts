// The `updateRefs` mutation: GitHub's compare-and-swap for refs. As GitHub's schema describes it
// (https://docs.github.com/en/graphql/reference/mutations#updaterefs, and `Mutation.updateRefs` in
// schema.graphql of github.com/octokit/graphql-schema, there since 2024-04-18, PR #934): every update is
// checked before any ref moves, and one refused leaves every ref as it was; `beforeOid` is where the ref
// must point before (forty zeros: it must not exist), `afterOid` where it points after (forty zeros:
// deleted), `force` allows a non-fast-forward move. GitHub documents the refusal but not its words: the
// one refusal of `updateRefs` on record (a third-party client's live run: "Invalid object type tag,
// expected commit") came typed UNPROCESSABLE with the path ["updateRefs"] and the field null, as here;
// the messages below are the simulator's own.
import type { GitActor } from './git.js';
import { moveRef } from './activity.js';
import type { RouteContext } from './context.js';
import type { Resolvable } from './graphql.js';
import { settlePullsOfDeletedBranch } from './routes-pulls.js';
import { nodeId } from './state.js';

const ZERO_OID = '0000000000000000000000000000000000000000';

interface RefUpdate {
  name: string;
  afterOid: string;
  beforeOid?: string;
  force: boolean;
}

/** The payload, or the error GitHub lists for the field (`type` as it types resolver errors). */
export type UpdateRefsOutcome = { payload: Resolvable } | { error: string; type?: string };

export function updateRefs(context: RouteContext, actor: GitActor, input: Record<string, unknown> | undefined): UpdateRefsOutcome {
  const updates = refUpdates(input);
  if (!input || typeof input.repositoryId !== 'string' || !updates) {
    return { error: "Argument 'input' on Field 'updateRefs' has an invalid value. Expected type 'UpdateRefsInput!'." };
  }
  const repo = context.repo;
  if (repo.readOnly.has(actor.login)) return { error: 'Resource not accessible by personal access token', type: 'FORBIDDEN' };
  if (input.repositoryId !== nodeId('Repository', repo.id)) return { error: `Could not resolve to a node with the global id of '${input.repositoryId}'`, type: 'NOT_FOUND' };
  // All checked first: one refused moves none (GitHub's "performed atomically").
  for (const update of updates) {
    const refused = refusal(context, update);
    if (refused) return { error: refused, type: 'UNPROCESSABLE' };
  }
  const now = context.now();
  for (const { name, afterOid } of updates) {
    const deleted = afterOid === ZERO_OID;
    moveRef(repo, name, deleted ? null : afterOid, actor, now);
    // A branch deleted here closes the pull requests from it, as a deletion through REST does.
    if (deleted && name.startsWith('refs/heads/')) settlePullsOfDeletedBranch(repo, name.slice('refs/heads/'.length), actor, now);
  }
  return { payload: { __typename: 'UpdateRefsPayload', clientMutationId: input.clientMutationId ?? null } };
}

/** The list of `RefUpdate`s, or undefined where it is not one (the whole input is then invalid). */
function refUpdates(input: Record<string, unknown> | undefined): RefUpdate[] | undefined {
  const list = input?.refUpdates;
  if (!Array.isArray(list)) return undefined;
  const oid = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{40}$/.test(value);
  const updates: RefUpdate[] = [];
  for (const item of list as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null || typeof item.name !== 'string' || !oid(item.afterOid)) return undefined;
    if (item.beforeOid !== undefined && item.beforeOid !== null && !oid(item.beforeOid)) return undefined;
    updates.push({ name: item.name, afterOid: item.afterOid as string, ...(typeof item.beforeOid === 'string' ? { beforeOid: item.beforeOid } : {}), force: item.force === true });
  }
  return updates;
}

/** Why GitHub would refuse this one update as the repository is now, if it would. */
function refusal(context: RouteContext, { name, afterOid, beforeOid, force }: RefUpdate): string | undefined {
  const repo = context.repo;
  if (!/^refs\/[^/]+\/.+/.test(name)) return `${name} is not a fully qualified ref name`;
  const current = repo.git.refs.get(name);
  if (beforeOid !== undefined && (current ?? ZERO_OID) !== beforeOid) {
    return current === undefined ? `${name} does not exist, expected it at ${beforeOid}` : `${name} is at ${current}, not at the expected ${beforeOid}`;
  }
  if (afterOid === ZERO_OID) return current === undefined ? `${name} does not exist` : undefined;
  if (!repo.git.getCommit(afterOid)) return `${afterOid} is not a commit of this repository`;
  if (current !== undefined && !force && !repo.git.ancestors(afterOid).has(current)) return `${name} cannot be updated to ${afterOid}: not a fast forward`;
  return undefined;
}
