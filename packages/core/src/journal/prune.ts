// Pruning a journal past its retention period, as an operator: plan (sessions whole, a prefix of the
// journal), then remove through the store and leave a signed anchor, copied to the checkpoint file.
import { appendFileSync } from 'node:fs';
import { ENTRY_TYPES, type JournalStore } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { PRUNE_WRITERS, isPrunable, signAnchor, type PruneAnchor } from './prune-anchor.js';
import { planPrune, type PrunePlan } from './retention.js';
import type { WriterIdentity } from './writers.js';

export interface PruneOptions {
  /** Entries older than this many milliseconds are past retention (`parseRetention('90d')`). */
  olderThanMs: number;
  /** The operator pruning; required to sign the anchor when the deployment keeps a keyring. */
  writer?: WriterIdentity | null;
  /** The checkpoint file: the anchor is appended to it as a `prune` line. */
  checkpoints?: string | null;
  /** Plan only: nothing removed. */
  dryRun?: boolean;
  now?: Date;
}

export interface PruneResult {
  plan: PrunePlan;
  /** The anchor left, or null for a dry run or when nothing could be removed. */
  anchor: PruneAnchor | null;
}

export async function pruneJournal(store: JournalStore, options: PruneOptions): Promise<PruneResult> {
  const writer = options.writer ?? null;
  if (writer && !PRUNE_WRITERS.includes(writer.role)) {
    throw new BackspaceError('unauthorized', `writer ${writer.id} is a ${writer.role}: only ${PRUNE_WRITERS.join(' or ')}s may prune the journal`, { details: { writer: writer.id, role: writer.role } });
  }
  if (!isPrunable(store)) throw new BackspaceError('invalid_config', `the ${store.kind} journal store cannot prune`);
  // Pruning a journal that does not verify would erase the evidence of what was done to it.
  const chain = await store.verify();
  if (!chain.ok) throw new BackspaceError('journal_tampered', `the journal does not verify (entry ${chain.firstBad.seq}: ${chain.firstBad.reason}); nothing pruned`);
  const now = options.now ?? new Date();
  const entries = await store.entriesOfType([...ENTRY_TYPES], 0);
  const plan = planPrune(entries, new Date(now.getTime() - options.olderThanMs));
  if (options.dryRun || plan.removed.length === 0) return { plan, anchor: null };
  const previous = await store.pruneAnchor();
  const anchor = signAnchor(
    {
      throughSeq: plan.throughSeq,
      throughHash: plan.removed.at(-1)!.hash,
      heads: mergedHeads(previous?.heads ?? null, store.chainHeads(plan.removed)),
      entriesThrough: (previous?.entriesThrough ?? 0) + plan.removed.length,
      removed: plan.removed.length,
      sessions: plan.sessions.length,
      cutoff: plan.cutoff,
      at: now.toISOString(),
    },
    writer,
  );
  await store.prune(anchor);
  if (options.checkpoints) appendFileSync(options.checkpoints, `${JSON.stringify({ kind: 'prune', ...anchor })}\n`, { mode: 0o644 });
  return { plan, anchor };
}

/** A chain that had no entry in this prune still starts from the head an earlier prune recorded. */
function mergedHeads(previous: Record<string, string> | null, removed: Record<string, string> | null): Record<string, string> | null {
  return removed ? { ...(previous ?? {}), ...removed } : null;
}
