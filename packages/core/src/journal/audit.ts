// The whole check of a journal: its hash chains, every entry's writer against a keyring, every kill
// and resume well formed, and the chain's heads against signed checkpoints kept in a second place (so
// truncation, deleting everything, or a re-chained forgery are found too).
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { sign, verify as verifySignature } from 'node:crypto';
import { dirname } from 'node:path';
import { ENTRY_TYPES, type JournalEntry, type JournalStore, type UnusedSeqs } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { controlEntryProblem } from '../runtime/kill-switch.js';
import { canonicalJson } from './hash-chain.js';
import { anchorProblem, isPrunable, sameAnchor, type PruneAnchor } from './prune-anchor.js';
import { WriterAudit, type Keyring, type WriterIdentity } from './writers.js';

export interface AuditOptions {
  /** Trusted writers: every entry must be signed by one allowed to write it. */
  keyring?: Keyring | null;
  /** A checkpoint file (JSON lines) kept outside the journal: every checkpoint in it must still hold. */
  checkpoints?: string | null;
}

export interface AuditProblem {
  seq: number;
  reason: string;
}

export interface AuditReport {
  /** True when the chains verify and there is no problem. */
  ok: boolean;
  entries: number;
  /** The first broken link or edited entry of the hash chains. */
  firstBad?: { seq: number; reason: string };
  unusedSeqs?: UnusedSeqs;
  /** Entries whose writer was not allowed to write them, malformed control entries, broken checkpoints. */
  problems: AuditProblem[];
  /** Whether writers were checked (a keyring was given). */
  writersChecked: boolean;
  checkpoints: { file: string; checked: number; newestSeq: number | null } | null;
  /** Present when entries were pruned: the journal continues after `throughSeq`, vouched for by the anchor. */
  pruned?: { throughSeq: number; entriesThrough: number; at: string; writer: string | null };
}

/** One checkpoint: the newest entry's seq and hash, how many entries there were, signed by its writer. */
export interface Checkpoint {
  seq: number;
  hash: string;
  entries: number;
  at: string;
  writer: string | null;
  sig: string | null;
}

async function allEntries(store: JournalStore): Promise<JournalEntry[]> {
  return store.entriesOfType([...ENTRY_TYPES], 0);
}

export async function auditJournal(store: JournalStore, options: AuditOptions = {}): Promise<AuditReport> {
  const chain = await store.verify();
  const entries = await allEntries(store);
  const problems: AuditProblem[] = [];
  const audit = options.keyring ? new WriterAudit(options.keyring) : null;
  const anchor = isPrunable(store) ? await store.pruneAnchor() : null;
  const unsignedAnchor = anchor && options.keyring ? anchorProblem(anchor, options.keyring) : null;
  if (unsignedAnchor) problems.push({ seq: anchor!.throughSeq, reason: unsignedAnchor });
  for (const entry of entries) {
    const writer = audit?.check(entry);
    if (writer) problems.push({ seq: entry.seq, reason: writer });
    if (entry.type === 'kill' || entry.type === 'resume') {
      const control = controlEntryProblem(entry, null);
      if (control) problems.push({ seq: entry.seq, reason: control });
    }
  }
  let checkpoints: AuditReport['checkpoints'] = null;
  if (options.checkpoints) {
    const found = checkCheckpoints(entries, options.checkpoints, options.keyring ?? null, anchor);
    problems.push(...found.problems);
    checkpoints = { file: options.checkpoints, checked: found.checked, newestSeq: found.newestSeq };
  }
  const pruned = anchor ? { pruned: { throughSeq: anchor.throughSeq, entriesThrough: anchor.entriesThrough, at: anchor.at, writer: anchor.writer } } : {};
  return { ...chain, ok: chain.ok && problems.length === 0, problems, writersChecked: audit !== null, checkpoints, ...pruned };
}

function checkpointText(checkpoint: Omit<Checkpoint, 'sig'>): string {
  return canonicalJson({ seq: checkpoint.seq, hash: checkpoint.hash, entries: checkpoint.entries, at: checkpoint.at, writer: checkpoint.writer });
}

/** Appends a checkpoint of the journal's newest entry to `file`, signed when a writer is given. */
export async function writeCheckpoint(store: JournalStore, file: string, writer: WriterIdentity | null, now = new Date()): Promise<Checkpoint> {
  // The file is created on first use, its directory never: a mistyped directory is named, not an ENOENT.
  const directory = dirname(file);
  if (!existsSync(directory)) throw new BackspaceError('invalid_config', `the checkpoint file's directory ${directory} does not exist: create it, or name another checkpoint file; no checkpoint written`);
  if (!statSync(directory).isDirectory()) throw new BackspaceError('invalid_config', `the checkpoint file's directory ${directory} is not a directory: name another checkpoint file; no checkpoint written`);
  const chain = await store.verify();
  if (!chain.ok) throw new BackspaceError('journal_tampered', `the journal does not verify (entry ${chain.firstBad.seq}: ${chain.firstBad.reason}); no checkpoint written`);
  const entries = await allEntries(store);
  const anchor = isPrunable(store) ? await store.pruneAnchor() : null;
  const newest = entries.at(-1) ?? (anchor ? { seq: anchor.throughSeq, hash: anchor.throughHash } : undefined);
  // Counted as ever held, pruned entries included, so checkpoints from before and after a prune agree.
  const unsigned = { seq: newest?.seq ?? 0, hash: newest?.hash ?? '', entries: entries.length + (anchor?.entriesThrough ?? 0), at: now.toISOString(), writer: writer?.id ?? null };
  const checkpoint: Checkpoint = { ...unsigned, sig: writer ? sign(null, Buffer.from(checkpointText(unsigned)), writer.privateKey).toString('base64') : null };
  appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
  return checkpoint;
}

function checkCheckpoints(entries: JournalEntry[], file: string, keyring: Keyring | null, anchor: PruneAnchor | null): { problems: AuditProblem[]; checked: number; newestSeq: number | null } {
  if (!existsSync(file)) return { problems: [{ seq: 0, reason: `checkpoint file ${file} is missing` }], checked: 0, newestSeq: null };
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  const problems: AuditProblem[] = [];
  let checked = 0;
  let newestSeq: number | null = null;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim().length > 0);
  const recordedPrunes: PruneAnchor[] = [];
  lines.forEach((line, index) => {
    const where = `checkpoint ${index + 1} of ${file}`;
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(line) as Checkpoint;
    } catch {
      problems.push({ seq: 0, reason: `${where} is not JSON` });
      return;
    }
    if ((checkpoint as { kind?: unknown }).kind === 'prune') {
      const { kind: _kind, ...recorded } = checkpoint as unknown as PruneAnchor & { kind: string };
      recordedPrunes.push(recorded);
      return;
    }
    if (keyring) {
      const trusted = keyring.writers.find((writer) => writer.id === checkpoint.writer);
      const valid = trusted && trusted.role !== 'agent' && typeof checkpoint.sig === 'string' && safeVerify(checkpointText(checkpoint), trusted.publicKey, checkpoint.sig);
      if (!valid) {
        problems.push({ seq: checkpoint.seq ?? 0, reason: `${where} is not signed by a trusted operator or supervisor` });
        return;
      }
    }
    checked += 1;
    newestSeq = Math.max(newestSeq ?? 0, checkpoint.seq);
    if (checkpoint.seq === 0) return;
    const prunedThrough = anchor?.throughSeq ?? 0;
    // A prune the file records vouches for what it removed: the anchor holds the last removed entry's hash.
    if (anchor && checkpoint.seq <= prunedThrough) {
      if (checkpoint.seq === prunedThrough && checkpoint.hash !== anchor.throughHash) problems.push({ seq: checkpoint.seq, reason: `${where} vouches for entry ${checkpoint.seq} with another hash than the prune anchor records` });
      return;
    }
    const entry = bySeq.get(checkpoint.seq);
    if (!entry) problems.push({ seq: checkpoint.seq, reason: `${where} vouches for entry ${checkpoint.seq}, which is gone: the journal was truncated, emptied or replaced` });
    else if (entry.hash !== checkpoint.hash) problems.push({ seq: checkpoint.seq, reason: `${where} vouches for entry ${checkpoint.seq} with another hash: the history up to it was rewritten` });
    const upTo = entries.filter((candidate) => candidate.seq <= checkpoint.seq).length + (anchor?.entriesThrough ?? 0);
    if (entry && upTo !== checkpoint.entries) problems.push({ seq: checkpoint.seq, reason: `${where} counted ${checkpoint.entries} entries up to ${checkpoint.seq}; ${upTo} remain: entries were removed` });
  });
  problems.push(...pruneRecordProblems(anchor, recordedPrunes, file));
  return { problems, checked, newestSeq };
}

/** The journal's prune anchor must be the newest prune the checkpoint file records, and the other way round. */
function pruneRecordProblems(anchor: PruneAnchor | null, recorded: PruneAnchor[], file: string): AuditProblem[] {
  const newest = recorded.at(-1);
  if (anchor && !(newest && sameAnchor(anchor, newest))) {
    return [{ seq: anchor.throughSeq, reason: `the journal's prune anchor through entry ${anchor.throughSeq} is not the newest prune ${file} records: entries were removed outside a recorded prune` }];
  }
  if (!anchor && newest) return [{ seq: newest.throughSeq, reason: `${file} records a prune through entry ${newest.throughSeq}, but the journal holds no prune anchor: it was replaced or its anchor removed` }];
  return [];
}

function safeVerify(text: string, publicKey: string, sig: string): boolean {
  try {
    return verifySignature(null, Buffer.from(text), publicKey, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}
