// One page of the session list, newest first, with the command center's filters, in one indexed query:
// sessions come off the type index newest first, and each candidate's figures off the session index,
// so a page costs its own sessions' entries, not the journal's.
import type Database from 'better-sqlite3';
import { sessionCursor, type SessionPage, type SessionQuery } from '@backspace/core';

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

// The figures of a session `s`, each from its entries on the session index.
const FIGURES = `
  (SELECT e.at FROM entries e WHERE e.session_id = s.session_id AND e.type = 'session.ended' ORDER BY e.seq LIMIT 1) AS ended_at,
  (SELECT count(*) FROM entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS actions,
  (SELECT group_concat(p, ',') FROM (SELECT DISTINCT substr(e.action, 1, instr(e.action || '.', '.') - 1) AS p FROM entries e
     WHERE e.session_id = s.session_id AND e.type = 'action.committed' ORDER BY p)) AS providers,
  (SELECT count(*) FROM entries e WHERE e.session_id = s.session_id AND e.type = 'rollback.finished') AS rollbacks,
  (SELECT coalesce(json_extract(e.data, '$.byOutcome.conflict'), 0) FROM entries e
     WHERE e.session_id = s.session_id AND e.type = 'rollback.finished' ORDER BY e.seq DESC LIMIT 1) AS conflicts`;

export function listSessionPage(db: Database.Database, query: SessionQuery): SessionPage {
  const conditions = ["s.type = 'session.started'"];
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
  if (query.provider) {
    having.push("(',' || providers || ',') LIKE ?");
    params.push(`%,${query.provider},%`);
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
