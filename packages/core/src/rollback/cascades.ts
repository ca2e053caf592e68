// Cascades: later sessions, of any agent, that changed a resource after the sessions being rolled back
// did (they built on it). A plan lists them; with `cascades: 'include'` they are planned with it.
import type { RuntimeContext } from '../runtime/context.js';
import { mapConcurrent } from './map-concurrent.js';
import { keysOf, type SessionAction } from './select-steps.js';

export interface CascadeSession {
  sessionId: string;
  agentId: string | null;
  /** The resources it changed after the planned sessions did, as `resourceKey()`s. */
  resources: string[];
  /** Its writes on those resources. */
  actions: number;
  /** When its first such write committed. */
  firstAt: string;
}

/** Journal reads in flight while looking for cascades. */
const READS = 16;

/** Sessions outside `planned` with a committed write on one of the actions' resources after the planned sessions' first write there. */
export async function findCascades(context: RuntimeContext, planned: ReadonlySet<string>, actions: SessionAction[]): Promise<CascadeSession[]> {
  // The first write of the planned sessions on each resource: a later session's write after it built on it.
  const firstSeq = new Map<string, number>();
  for (const action of actions) {
    for (const key of keysOf(action)) firstSeq.set(key, Math.min(firstSeq.get(key) ?? Infinity, action.seq));
  }
  const found = new Map<string, CascadeSession & { seq: number }>();
  await mapConcurrent([...firstSeq], READS, async ([key, after]) => {
    for (const entry of await context.journal.resourceEntries(key)) {
      if (entry.type !== 'action.committed' || entry.seq <= after || !entry.sessionId || planned.has(entry.sessionId)) continue;
      let cascade = found.get(entry.sessionId);
      if (!cascade) found.set(entry.sessionId, (cascade = { sessionId: entry.sessionId, agentId: entry.agentId, resources: [], actions: 0, firstAt: entry.at, seq: entry.seq }));
      if (!cascade.resources.includes(key)) cascade.resources.push(key);
      cascade.actions += 1;
      if (entry.seq < cascade.seq) Object.assign(cascade, { seq: entry.seq, firstAt: entry.at });
    }
  });
  return [...found.values()].sort((left, right) => left.seq - right.seq).map(({ seq: _seq, ...cascade }) => ({ ...cascade, resources: cascade.resources.sort() }));
}
