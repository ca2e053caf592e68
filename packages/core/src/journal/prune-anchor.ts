// The anchor a prune leaves: "every entry through seq N is gone; N's hash was H" (and, for a store of
// several chains, each chain's head at N). The store verifies the rest of its chain from it; signed by
// the operator who pruned and copied to the checkpoint file, so a forged anchor hiding a truncation is
// found by `verify` with a keyring or checkpoints.
import { sign, verify as verifySignature } from 'node:crypto';
import type { JournalEntry, JournalStore } from '../contract/journal.js';
import { canonicalJson } from './hash-chain.js';
import type { Keyring, WriterIdentity, WriterRole } from './writers.js';

/** Only operators prune: an agent or the supervisor removing history would hide what it did. */
export const PRUNE_WRITERS: readonly WriterRole[] = ['operator'];

export interface PruneAnchor {
  /** Every entry with seq up to this one was removed. */
  throughSeq: number;
  /** The hash of entry `throughSeq`: the next entry of a single chain links to it. */
  throughHash: string;
  /** A store of several chains: each chain's newest removed entry's hash, by chain number. */
  heads: Record<string, string> | null;
  /** How many entries the journal ever held through `throughSeq` (this prune's and earlier prunes'). */
  entriesThrough: number;
  /** Entries this prune removed, and sessions removed whole. */
  removed: number;
  sessions: number;
  /** Entries before this time were past retention. */
  cutoff: string;
  at: string;
  /** The operator who pruned, and the base64 Ed25519 signature over everything above; null without a writer key. */
  writer: string | null;
  sig: string | null;
}

/** A store that can prune: removes entries through an anchor's seq and records the anchor, in one transaction. */
export interface PrunableJournal extends JournalStore {
  /** The newest prune's anchor, or null when nothing was ever pruned. */
  pruneAnchor(): Promise<PruneAnchor | null>;
  /** Each chain's head among `removed` (a store of several chains), else null. */
  chainHeads(removed: readonly JournalEntry[]): Record<string, string> | null;
  /**
   * Removes every entry through `anchor.throughSeq` and records the anchor, or nothing at all: refused when
   * the entry at `throughSeq` does not hash to `throughHash`, the count differs, or a session being removed
   * gained an entry since the prune was planned (a rollback started meanwhile).
   */
  prune(anchor: PruneAnchor): Promise<void>;
}

export function isPrunable(store: JournalStore): store is PrunableJournal {
  const candidate = store as Partial<PrunableJournal>;
  return typeof candidate.prune === 'function' && typeof candidate.pruneAnchor === 'function' && typeof candidate.chainHeads === 'function';
}

function anchorText(anchor: PruneAnchor): string {
  const { sig: _sig, ...signed } = anchor;
  return canonicalJson(signed as unknown as Parameters<typeof canonicalJson>[0]);
}

export function signAnchor(anchor: Omit<PruneAnchor, 'writer' | 'sig'>, writer: WriterIdentity | null): PruneAnchor {
  const unsigned: PruneAnchor = { ...anchor, writer: writer?.id ?? null, sig: null };
  return writer ? { ...unsigned, sig: sign(null, Buffer.from(anchorText(unsigned)), writer.privateKey).toString('base64') } : unsigned;
}

/** Why the keyring cannot vouch for this anchor, or null when an operator it trusts signed it. */
export function anchorProblem(anchor: PruneAnchor, keyring: Keyring): string | null {
  const trusted = keyring.writers.find((writer) => writer.id === anchor.writer);
  if (!trusted || !PRUNE_WRITERS.includes(trusted.role) || typeof anchor.sig !== 'string') {
    return `the prune anchor through entry ${anchor.throughSeq} is not signed by a trusted operator: entries 1 to ${anchor.throughSeq} may have been removed by someone else`;
  }
  let valid = false;
  try {
    valid = verifySignature(null, Buffer.from(anchorText(anchor)), trusted.publicKey, Buffer.from(anchor.sig, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? null : `the prune anchor through entry ${anchor.throughSeq} does not match its signature (forged or edited)`;
}

/** The same prune in the journal and in a checkpoint file line. */
export function sameAnchor(a: PruneAnchor, b: PruneAnchor): boolean {
  return anchorText(a) === anchorText(b) && a.sig === b.sig;
}
