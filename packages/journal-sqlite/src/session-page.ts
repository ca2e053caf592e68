// One page of the session list, newest first, with the command center's filters, in one indexed query:
// sessions come off the type index newest first, and each candidate's figures (and the filters on them)
// off indexes by session that hold only what they count, so a page costs a few index seeks per session
// it looks at, not its sessions' entries.
import { sessionCursor, type SessionPage, type SessionQuery } from '@backspace/core';
import type { SqliteConnection } from './driver.js';
import { SESSION_OUTCOMES, TYPE_INDEXED } from './schema.js';

interface PageRow {
  seq: number;
  session_id: string;
  agent_id: string;
  correlation_id: string | null;
  at: string;
  data: string;
  ended_at: string | null;
  actions: number;
  providers: string | null;
  rollbacks: number;
  conflicts: number | null;
}

// The figures of a session `s`, each from an index by session: its writes from the committed-writes
// index, how it ended and its rollbacks from the outcomes index (its condition repeated, as a partial
// index needs).
const ENDED = `e.session_id = s.session_id AND e.type = 'session.ended' AND e.type IN ${SESSION_OUTCOMES}`;
const ROLLED_BACK = `e.session_id = s.session_id AND e.type = 'rollback.finished' AND e.type IN ${SESSION_OUTCOMES}`;
const FIGURES = `
  (SELECT e.at FROM entries e WHERE ${ENDED} ORDER BY e.seq LIMIT 1) AS ended_at,
  (SELECT count(*) FROM entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS actions,
  (SELECT group_concat(p, ',') FROM (SELECT DISTINCT substr(e.action, 1, instr(e.action || '.', '.') - 1) AS p FROM entries e
     WHERE e.session_id = s.session_id AND e.type = 'action.committed' ORDER BY p)) AS providers,
  (SELECT count(*) FROM entries e WHERE ${ROLLED_BACK}) AS rollbacks,
  (SELECT coalesce(json_extract(e.data, '$.byOutcome.conflict'), 0) FROM entries e WHERE ${ROLLED_BACK} ORDER BY e.seq DESC LIMIT 1) AS conflicts`;

export function listSessionPage(db: SqliteConnection, query: SessionQuery): SessionPage {
  // The second term names the type index's own condition: without it SQLite cannot use that partial
  // index and reads the whole table back to front, which a rare filter makes it do to the end.
  const conditions = ["s.type = 'session.started'", `s.type IN ${TYPE_INDEXED}`];
  const params: (string | number)[] = [];
  const where = (condition: string, ...values: (string | number)[]) => {
    conditions.push(condition);
    params.push(...values);
  };
  if (query.agentId) where('s.agent_id = ?', query.agentId);
  if (query.since) where('s.at >= ?', query.since);
  if (query.until) where('s.at < ?', query.until);
  if (query.before !== undefined) where('s.seq < ?', sessionCursor(query.before));
  // Filters on the figures read them from the select list: SQLite computes each once per candidate.
  const having: string[] = [];
  if (query.status === 'running') having.push('ended_at IS NULL AND rollbacks = 0');
  if (query.status === 'ended') having.push('ended_at IS NOT NULL AND rollbacks = 0');
  if (query.status === 'rolled-back') having.push('rollbacks > 0');
  // Whether the session wrote to the provider: one range seek on the committed-writes index per
  // candidate. A provider is an action's first segment (`slack` for `slack.message.post`): the range from
  // `slack` to `slack/` ('/' follows '.') holds them, and the exact test drops `slack-x.…` from it.
  if (query.provider) {
    where(
      "EXISTS (SELECT 1 FROM entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed' AND e.action >= ? AND e.action < ? AND (e.action = ? OR substr(e.action, 1, ?) = ?))",
      query.provider, `${query.provider}/`, query.provider, query.provider.length + 1, `${query.provider}.`,
    );
  }
  if (query.hasConflicts !== undefined) having.push(query.hasConflicts ? 'conflicts > 0' : 'coalesce(conflicts, 0) = 0');
  const sql = `SELECT * FROM (SELECT s.seq, s.session_id, s.agent_id, s.correlation_id, s.at, s.data, ${FIGURES}
      FROM entries s WHERE ${conditions.join(' AND ')})
    ${having.length > 0 ? `WHERE ${having.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...params, query.limit + 1) as PageRow[];
  const page = rows.slice(0, query.limit);
  return {
    sessions: page.map((row) => ({
      id: row.session_id,
      agentId: row.agent_id,
      reason: (JSON.parse(row.data) as { reason?: string | null }).reason ?? null,
      correlationId: row.correlation_id,
      startedAt: row.at,
      endedAt: row.ended_at,
      actions: row.actions,
      status: row.rollbacks > 0 ? 'rolled-back' : row.ended_at ? 'ended' : 'running',
      providers: row.providers ? row.providers.split(',') : [],
      conflicts: row.conflicts ?? 0,
    })),
    next: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
  };
}
