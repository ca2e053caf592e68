// Retention for the SQLite journal: removes entries through an anchor's seq inside one transaction that
// opens the append-only trigger for exactly those entries, records the anchor, and closes it again.
import { BackspaceError, type ChainHead, type PruneAnchor } from '@backspace/core';
import type { SqliteConnection } from './driver.js';

export interface SqlitePruning {
  pruneAnchor(): PruneAnchor | null;
  /** Where the chain continues when every entry was pruned: the last removed entry. */
  headAfterPrune(): ChainHead | undefined;
  prune(anchor: PruneAnchor): void;
}

export function createPruning(db: SqliteConnection, readOnly: boolean): SqlitePruning {
  // A read-only journal may predate the prune_anchors table (schema 2 or older): then it was never pruned.
  const hasAnchors = () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'prune_anchors'").get() !== undefined;
  const pruneAnchor = (): PruneAnchor | null => {
    if (!hasAnchors()) return null;
    const row = db.prepare('SELECT anchor FROM prune_anchors ORDER BY through_seq DESC LIMIT 1').get() as { anchor: string } | undefined;
    return row ? (JSON.parse(row.anchor) as PruneAnchor) : null;
  };
  const refuse = (message: string): never => {
    throw new BackspaceError('session_active', `nothing pruned: ${message}; plan the prune again`);
  };
  const prune = (anchor: PruneAnchor) => {
    const head = db.prepare('SELECT hash FROM entries WHERE seq = ?').get(anchor.throughSeq) as { hash: string } | undefined;
    if (head?.hash !== anchor.throughHash) refuse(`entry ${anchor.throughSeq} is not the one the prune was planned through`);
    const { count } = db.prepare('SELECT count(*) AS count FROM entries WHERE seq <= ?').get(anchor.throughSeq) as { count: number };
    if (count !== anchor.removed) refuse(`${count} entries through ${anchor.throughSeq}, ${anchor.removed} planned`);
    const late = db
      .prepare('SELECT session_id FROM entries WHERE seq > ? AND session_id IN (SELECT session_id FROM entries WHERE seq <= ? AND session_id IS NOT NULL) LIMIT 1')
      .get(anchor.throughSeq, anchor.throughSeq) as { session_id: string } | undefined;
    if (late) refuse(`session ${late.session_id} gained an entry since the prune was planned`);
    db.prepare('INSERT INTO prune_in_progress (through_seq) VALUES (?)').run(anchor.throughSeq);
    db.prepare('DELETE FROM entries WHERE seq <= ?').run(anchor.throughSeq);
    db.prepare('DELETE FROM prune_in_progress').run();
    db.prepare('INSERT INTO prune_anchors (through_seq, anchor) VALUES (?, ?)').run(anchor.throughSeq, JSON.stringify(anchor));
  };
  return {
    pruneAnchor,
    headAfterPrune: () => {
      const anchor = pruneAnchor();
      return anchor ? { seq: anchor.throughSeq, hash: anchor.throughHash } : undefined;
    },
    prune: (anchor) => {
      if (readOnly) throw new BackspaceError('journal_unavailable', 'the journal is opened read-only: pruning is refused');
      db.immediate(() => prune(anchor));
    },
  };
}
