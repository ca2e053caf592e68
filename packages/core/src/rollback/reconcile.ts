// Before planning: settle every write of the session whose outcome the journal does not hold (the
// agent died between intent and outcome, or the provider's answer was lost), by looking it up at the
// provider by its key; and build the inverse of a write whose post-state was never read back.
import { actionResource, type ActionContext } from '../contract/action.js';
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry, PlanRecord } from '../contract/journal.js';
import { parseResourceKey, resourceKey, type ResourceRef } from '../contract/resource.js';
import { journaledPre, recordCommit } from '../runtime/commit.js';
import type { RuntimeContext } from '../runtime/context.js';
import { LOOKUP_INCONCLUSIVE, ProviderError } from '../errors.js';
import { errorJson } from '../runtime/errors-json.js';
import { trustedEntries } from '../journal/writers.js';
import { withRetry } from '../runtime/retry.js';
import { sameJson } from './three-way.js';
import { intentBase, mayStillLand } from '../runtime/run-action.js';
import { adoptable, madeByAnother, signedIfKeyring, writtenByAnotherSince } from '../runtime/journal-claims.js';
import { providerKeyOf } from '../runtime/idempotency.js';

export interface ReconcileResult {
  /** Writes whose outcome is now in the journal (committed or failed). */
  settled: number;
  /** Writes that could not be settled, one line each naming the action, resource and key. */
  unsettled: string[];
}

/**
 * Looks up each write with an intent and no outcome (or an `unknown` one) by its key, and records
 * `committed` (under the session whose intent it was) or `failed`. A write another live process may
 * still be making is left alone, and so is one that cannot be looked up: both are named, never dropped.
 */
export async function reconcileOpenWrites(context: RuntimeContext, sessionId: string, open: PlanRecord[], sessionEnded: boolean): Promise<ReconcileResult> {
  const result: ReconcileResult = { settled: 0, unsettled: [] };
  const session = sessionView(context, sessionId);
  for (const record of open) {
    const what = describe(record);
    // With a keyring, a write's entries are read as planning reads them: an outcome appended by someone
    // who may not write it never makes an open write look settled.
    const entries = context.keyring ? (await session()).filter((entry) => entry.idempotencyKey === record.idempotencyKey) : await context.journal.keyEntries(record.idempotencyKey ?? '');
    const intent = entries.find((entry) => entry.type === 'action.intent' && entry.actionId === record.actionId);
    if (!intent) {
      result.unsettled.push(`${what}: its intent is missing from the journal`);
      continue;
    }
    if (entries.some((entry) => entry.actionId === record.actionId && (entry.type === 'action.committed' || entry.type === 'action.failed'))) continue;
    const age = context.clock.now() - Date.parse(intent.at);
    // Sent less than the in-flight time ago, the request may still be on its way (its process killed,
    // the session ended at once by someone else): not found yet is not "never landed".
    const young = record.type === 'action.intent' && age < context.inFlightTimeoutMs;
    if (!sessionEnded && young) {
      result.unsettled.push(`${what}: still in flight (started ${intent.at}); plan again once it finishes`);
      continue;
    }
    if (!context.registry.hasAdapter(providerOf(record.action))) {
      result.unsettled.push(`${what}: outcome unknown, and no ${providerOf(record.action)} adapter is registered to look it up`);
      continue;
    }
    const { definition, adapter } = context.registry.get(record.action!);
    if (!definition.lookup) {
      result.unsettled.push(`${what}: outcome unknown, and this action cannot be looked up by its key; check ${adapter.provider} for it`);
      continue;
    }
    // A rollback of the session that already ran compensations on the resource (the write was left
    // unsettled then, or that rollback died) changed what it holds: a lookup by what it holds would take
    // a value put back for this write's, and undo a person's same change over again.
    if (intent.resource && (await session()).some((entry) => entry.type === 'compensation.intent' && entry.resource === intent.resource && entry.seq > intent.seq)) {
      result.unsettled.push(`${what}: outcome unknown: a rollback has written ${intent.resource} since this write was attempted, so what it holds no longer tells whether this write landed; check it in ${adapter.provider}`);
      continue;
    }
    const data = context.open(intent) as { input?: Json; pre?: Json; providerKey?: Json };
    const actionContext: ActionContext = {
      client: adapter.client,
      idempotencyKey: providerKeyOf(intent, data),
      clock: context.clock,
      pre: journaledPre(context, intent, entries),
      attemptedAt: Date.parse(intent.at),
      laterResources: (across = 'session') => laterResources(across === 'session' ? session : journalAfter(context, intent), intent),
      madeByAnother: (resource) => madeByAnother(context, resourceKey(resource), intent.actionId!),
      writtenByAnotherSince: (resource) => writtenByAnotherSince(context, resourceKey(resource), intent),
    };
    let found: unknown;
    try {
      found = await withRetry(() => definition.lookup!(data.input, actionContext), context.clock, context.retry);
    } catch (error) {
      const message = (errorJson(error) as { message?: string }).message ?? 'failed';
      // A lookup that answered, but could not tell (`lookupInconclusive`), gives the same answer when planned again.
      const inconclusive = error instanceof ProviderError && error.providerCode === LOOKUP_INCONCLUSIVE;
      result.unsettled.push(inconclusive ? `${what}: outcome unknown: ${message}` : `${what}: outcome unknown, and looking it up at ${adapter.provider} failed (${message}); plan again to retry`);
      continue;
    }
    const base = intentBase(intent);
    if (found !== undefined && !(await adoptable(context, definition, data.input, found, intent.actionId!))) {
      // What the lookup found is another action's write; this one's may be there too, behind it.
      result.unsettled.push(`${what}: outcome unknown: looking it up found only what another action of the journal wrote, so whether this write landed too cannot be told; check ${adapter.provider}`);
      continue;
    }
    if (found === undefined && young) {
      result.unsettled.push(`${what}: not found at ${adapter.provider} yet, but sent ${Math.round(age / 1000)} s ago it may still land; plan again in a minute`);
      continue;
    }
    if (found === undefined && record.type === 'action.unknown') {
      const outcome = entries.find((entry) => entry.type === 'action.unknown' && entry.actionId === record.actionId);
      if (outcome && mayStillLand(context, outcome)) {
        result.unsettled.push(`${what}: left without its answer (timed out, or stopped by the kill switch) and may still land at ${adapter.provider}; plan again in a minute`);
        continue;
      }
    }
    // An update the lookup cannot see may still have landed and been written over since, by this session
    // or another on the same token. The journal's next write on the resource read what was there then:
    // unchanged since this write read it, this write never landed; changed, this write or someone else
    // changed it (a person doing by hand what it failed to do), which the journal cannot tell. Taken for
    // this write's, the rollback put its earlier values back over the person's; taken for never landed,
    // an incident's rollback undid the later write and left this one's effect. So it is named instead.
    const later = found === undefined && definition.target && intent.resource ? await laterPreState(context, intent) : undefined;
    if (later !== undefined && !sameButVersion(later, actionContext.pre ?? null, adapter.versionField)) {
      result.unsettled.push(`${what}: outcome unknown: the journal's next write on ${intent.resource} found it changed since this write read it, by this write or by someone else, and ${adapter.provider} cannot be asked which; check it there`);
      continue;
    }
    if (found === undefined) {
      await context.append({ ...base, type: 'action.failed', data: { reconciled: true, error: { message: 'not found at the provider by its key: the write never committed' } } });
    } else {
      await recordCommit(context, { definition, adapter, input: data.input, result: found, pre: actionContext.pre ?? null, base, reconciled: true });
    }
    result.settled += 1;
  }
  return result;
}

/** The resources the writes after this one named (the session's, or the journal's), each once, in the order first named. */
async function laterResources(session: SessionView, intent: JournalEntry): Promise<ResourceRef[]> {
  const keys = new Set<string>();
  for (const entry of await session()) {
    if (entry.type === 'action.intent' && entry.seq > intent.seq && entry.resource) keys.add(entry.resource);
  }
  return [...keys].map(parseResourceKey);
}

type SessionView = () => Promise<JournalEntry[]>;

/** Every session's intents after this one, signed where writers sign: what `laterResources('journal')` reads. */
function journalAfter(context: RuntimeContext, intent: JournalEntry): SessionView {
  return async () => (await context.journal.entriesOfType(['action.intent'], intent.seq)).filter((entry) => signedIfKeyring(context, entry));
}

/**
 * The session's entries, as planning reads them, read once per settlement and only when asked: with a
 * keyring, only those whose writers may have written them, so an entry appended by someone who may not
 * write it never steers a settlement. (What the settlement itself appends is no intent, and is not needed.)
 */
function sessionView(context: RuntimeContext, sessionId: string): SessionView {
  let entries: Promise<JournalEntry[]> | undefined;
  return () => (entries ??= context.journal.sessionEntries(sessionId).then((all) => (context.keyring ? trustedEntries(all, context.keyring) : all)));
}

/** Whether two snapshots hold the same, the version field (which any write moves) left out. */
function sameButVersion(left: Snapshot | null, right: Snapshot | null, versionField: string | undefined): boolean {
  const without = (snapshot: Snapshot | null) => (snapshot && versionField ? Object.fromEntries(Object.entries(snapshot).filter(([field]) => field !== versionField)) : snapshot);
  return sameJson(without(left), without(right));
}

/** The pre-state the journal's next write on the same resource read (any session's, signed where writers sign), if one was made. */
async function laterPreState(context: RuntimeContext, intent: JournalEntry): Promise<Snapshot | null | undefined> {
  const entries = await context.journal.resourceEntries(intent.resource!);
  const next = entries.find((entry) => entry.type === 'action.intent' && entry.resource === intent.resource && entry.seq > intent.seq && signedIfKeyring(context, entry));
  if (!next) return undefined;
  const pre = (context.open(next) as { pre?: Json }).pre;
  return pre === undefined ? undefined : (pre as Snapshot | null);
}

export type InverseFromNow = { compensation: Compensation | null; note: string } | { unreachable: string };

/**
 * The inverse of a committed write whose post-state read failed: built now, from the resource's state
 * now, taken as the agent's (edits made in between cannot be told apart from the agent's).
 */
export async function inverseFromNow(context: RuntimeContext, committed: JournalEntry, intent: JournalEntry | undefined): Promise<InverseFromNow> {
  const { definition, adapter } = context.registry.get(committed.action!);
  const intentData = intent ? (context.open(intent) as { input?: Json; pre?: Json }) : undefined;
  const input = intentData?.input;
  const pre = (intentData?.pre ?? null) as Snapshot | null;
  const result = (context.open(committed) as { result?: Json }).result;
  const resource = actionResource(definition, input, result);
  let post: Snapshot | null;
  try {
    post = await withRetry(() => adapter.read(resource), context.clock, context.retry);
  } catch (error) {
    return { unreachable: `reading ${adapter.provider} failed: ${(errorJson(error) as { message?: string }).message ?? 'failed'}` };
  }
  const compensation = definition.compensation({ input, result, pre, post, resource, now: Date.parse(committed.at) });
  return { compensation, note: 'its post-state was never read back, so the state now is taken as the agent\'s' };
}

function describe(record: PlanRecord): string {
  return `${record.action}${record.resource ? ` on ${record.resource}` : ''} (key ${record.idempotencyKey})`;
}

function providerOf(action: string | null): string {
  return action ? action.slice(0, action.indexOf('.')) : '';
}
