// Session summaries, read from the journal the same way as the SQLite store does.
import type pg from 'pg';
import type { SessionFilter, SessionSummary } from '@backspace/core';
import { quoteIdentifier } from './settings.js';

interface SessionRow {
  session_id: string;
  agent_id: string;
  correlation_id: string | null;
  at: string;
  data: string;
  ended_at: string | null;
  actions: string;
}

export async function listSessions(pool: pg.Pool, schema: string, filter: SessionFilter = {}): Promise<SessionSummary[]> {
  const s = quoteIdentifier(schema);
  const conditions = ["s.type = 'session.started'"];
  const parameters: string[] = [];
  const where = (condition: string, value: string) => {
    parameters.push(value);
    conditions.push(condition.replace('?', `$${parameters.length}`));
  };
  if (filter.agentId) where('s.agent_id = ?', filter.agentId);
  // ISO times compare correctly as text, as in SQLite.
  if (filter.since) where('s.at >= ?', filter.since);
  if (filter.until) where('s.at < ?', filter.until);
  const { rows } = await pool.query<SessionRow>(
    `SELECT s.session_id, s.agent_id, s.correlation_id, s.at, s.data,
        (SELECT e.at FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'session.ended' ORDER BY e.seq LIMIT 1) AS ended_at,
        (SELECT count(*) FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS actions
      FROM ${s}.entries s WHERE ${conditions.join(' AND ')} ORDER BY s.seq`,
    parameters,
  );
  return rows.map((row) => ({
    id: row.session_id,
    agentId: row.agent_id,
    reason: (JSON.parse(row.data) as { reason?: string | null }).reason ?? null,
    correlationId: row.correlation_id,
    startedAt: row.at,
    endedAt: row.ended_at,
    actions: Number(row.actions),
  }));
}
