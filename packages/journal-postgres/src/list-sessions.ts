// Session summaries, read from the journal the same way as the SQLite store does.
import type pg from 'pg';
import { sessionCursor, type SessionFilter, type SessionPage, type SessionQuery, type SessionSummary } from '@backspace/core';
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

interface PageRow extends SessionRow {
  seq: string;
  providers: string | null;
  rollbacks: string;
  conflicts: number | null;
}

/** One page of sessions, newest first, with the command center's filters: the SQLite store's query, in PostgreSQL. */
export async function listSessionPage(pool: pg.Pool, schema: string, query: SessionQuery): Promise<SessionPage> {
  const s = quoteIdentifier(schema);
  const conditions = ["s.type = 'session.started'"];
  const parameters: (string | number)[] = [];
  const bind = (value: string | number) => `$${parameters.push(value)}`;
  if (query.agentId) conditions.push(`s.agent_id = ${bind(query.agentId)}`);
  if (query.since) conditions.push(`s.at >= ${bind(query.since)}`);
  if (query.until) conditions.push(`s.at < ${bind(query.until)}`);
  if (query.before !== undefined) conditions.push(`s.seq < ${bind(sessionCursor(query.before))}`);
  const having: string[] = [];
  if (query.status === 'running') having.push('ended_at IS NULL AND rollbacks = 0');
  if (query.status === 'ended') having.push('ended_at IS NOT NULL AND rollbacks = 0');
  if (query.status === 'rolled-back') having.push('rollbacks > 0');
  if (query.provider) having.push(`(',' || providers || ',') LIKE ${bind(`%,${query.provider},%`)}`);
  if (query.hasConflicts !== undefined) having.push(query.hasConflicts ? 'conflicts > 0' : 'coalesce(conflicts, 0) = 0');
  const { rows } = await pool.query<PageRow>(
    `SELECT * FROM (SELECT s.seq, s.session_id, s.agent_id, s.correlation_id, s.at, s.data,
        (SELECT e.at FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'session.ended' ORDER BY e.seq LIMIT 1) AS ended_at,
        (SELECT count(*) FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS actions,
        (SELECT string_agg(DISTINCT split_part(e.action, '.', 1), ',') FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'action.committed') AS providers,
        (SELECT count(*) FROM ${s}.entries e WHERE e.session_id = s.session_id AND e.type = 'rollback.finished') AS rollbacks,
        (SELECT coalesce((e.data::jsonb #>> '{byOutcome,conflict}')::int, 0) FROM ${s}.entries e
           WHERE e.session_id = s.session_id AND e.type = 'rollback.finished' ORDER BY e.seq DESC LIMIT 1) AS conflicts
      FROM ${s}.entries s WHERE ${conditions.join(' AND ')}) page
    ${having.length > 0 ? `WHERE ${having.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${bind(query.limit + 1)}`,
    parameters,
  );
  const listed = rows.slice(0, query.limit);
  return {
    sessions: listed.map((row) => {
      const rolledBack = Number(row.rollbacks) > 0;
      return {
        id: row.session_id,
        agentId: row.agent_id,
        reason: (JSON.parse(row.data) as { reason?: string | null }).reason ?? null,
        correlationId: row.correlation_id,
        startedAt: row.at,
        endedAt: row.ended_at,
        actions: Number(row.actions),
        status: rolledBack ? 'rolled-back' : row.ended_at ? 'ended' : 'running',
        // string_agg(DISTINCT ...) sorts its values as the SQLite store does.
        providers: row.providers ? row.providers.split(',').sort() : [],
        conflicts: row.conflicts ?? 0,
      };
    }),
    next: rows.length > query.limit ? String(listed[listed.length - 1]!.seq) : null,
  };
}
