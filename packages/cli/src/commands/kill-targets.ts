// What `kill` and `resume` may name: a session or agent the journal knows, and for `resume` a kill in
// force. A typo is an error, never a kill that stops nothing while the real agent runs on.
import { BackspaceError, type ActiveKill, type JournalStore, type KillScope } from '@backspace/core';
import { SHORTEST_PREFIX, resolveSessionId } from '../ids.js';

export interface ScopeFlags {
  all?: boolean;
  agent?: string;
  session?: string;
}

/** The scope the flags give; exactly one of them. */
export function scopeOf(flags: ScopeFlags): KillScope {
  const given = [flags.all, flags.agent, flags.session].filter((value) => value !== undefined && value !== false);
  if (given.length !== 1) throw new BackspaceError('invalid_config', 'give exactly one of --all, --agent <agentId>, --session <sessionId>');
  if (flags.all) return 'all';
  return flags.agent ? { agentId: flags.agent } : { sessionId: flags.session! };
}

export function describeScope(scope: KillScope): string {
  if (scope === 'all') return 'all agents';
  return 'agentId' in scope ? `agent ${scope.agentId}` : `session ${scope.sessionId}`;
}

/** The scope to kill: its session named by id or prefix, its agent one with sessions in the journal. */
export async function killTarget(journal: JournalStore, scope: KillScope): Promise<KillScope> {
  if (scope === 'all') return scope;
  if ('sessionId' in scope) {
    try {
      return { sessionId: await resolveSessionId(journal, scope.sessionId) };
    } catch (error) {
      if (BackspaceError.isInstance(error)) error.message += '; nothing was killed';
      throw error;
    }
  }
  if ((await journal.sessions({ agentId: scope.agentId })).length > 0) return scope;
  const agents = [...new Set((await journal.sessions()).map((session) => session.agentId))].sort();
  const known = agents.length === 0 ? 'the journal has no sessions yet' : `agents in the journal: ${agents.slice(0, 20).join(', ')}${agents.length > 20 ? ', ...' : ''}`;
  throw new BackspaceError('agent_not_found', `no agent ${scope.agentId} in the journal (${known}); nothing was killed`, { details: { agentId: scope.agentId } });
}

/** The kill in force that `scope` names (a session by id or prefix); none is `kill_not_found`. */
export function killToLift(kills: ActiveKill[], scope: KillScope): ActiveKill {
  const found = kills.filter((kill) => {
    if (scope === 'all' || kill.scope === 'all') return scope === kill.scope;
    if ('agentId' in scope) return 'agentId' in kill.scope && kill.scope.agentId === scope.agentId;
    if (!('sessionId' in kill.scope)) return false;
    return kill.scope.sessionId === scope.sessionId || (scope.sessionId.length >= SHORTEST_PREFIX && kill.scope.sessionId.startsWith(scope.sessionId));
  });
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new BackspaceError('ambiguous_id', `session ${(scope as { sessionId: string }).sessionId} is ambiguous: it starts ${found.length} killed sessions; give more characters:${found.map((kill) => `\n  ${describeScope(kill.scope)}`).join('')}`);
  }
  const inForce = kills.length === 0 ? 'no kill is in force' : `kills in force: ${kills.map((kill) => describeScope(kill.scope)).join('; ')}`;
  throw new BackspaceError('kill_not_found', `no kill of ${describeScope(scope)} is in force (${inForce}); nothing was resumed`, { details: { scope: scope as never } });
}
