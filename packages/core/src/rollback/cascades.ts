// Cascades: later sessions, of any agent, that built on what the sessions being rolled back did: they
// changed one of its resources after them (renamed the issue), or put something inside one of its
// containers (commented on the issue, replied in the thread). A plan lists them; with
// `cascades: 'include'` they are planned with it.
import type { RuntimeContext } from '../runtime/context.js';
import { mapConcurrent } from './map-concurrent.js';
import type { RollbackPlan } from './plan.js';
import { keysOf, type SessionAction } from './select-steps.js';

export interface CascadeSession {
  sessionId: string;
  agentId: string | null;
  /** The planned sessions' resources it built on (changed after them, or put something inside), as `resourceKey()`s. */
  resources: string[];
  /** Its writes on those resources, and on what it put inside them. */
  actions: number;
  /** When its first such write committed. */
  firstAt: string;
  /** What it put inside the planned sessions' containers (a comment on the issue, a reply in the thread), as `resourceKey()`s. */
  inside?: string[];
}

type Found = Map<string, CascadeSession & { seq: number }>;

/** Journal reads in flight while looking for cascades. */
const READS = 16;

/** Sessions outside `planned` with a committed write on one of the actions' resources after the planned sessions' first write there. */
export async function findCascades(context: RuntimeContext, planned: ReadonlySet<string>, actions: SessionAction[]): Promise<CascadeSession[]> {
  // The first write of the planned sessions on each resource: a later session's write after it built on it.
  const firstSeq = new Map<string, number>();
  for (const action of actions) {
    for (const key of keysOf(action)) firstSeq.set(key, Math.min(firstSeq.get(key) ?? Infinity, action.seq));
  }
  const found: Found = new Map();
  await mapConcurrent([...firstSeq], READS, async ([key, after]) => {
    for (const entry of await context.journal.resourceEntries(key)) {
      if (entry.type !== 'action.committed' || entry.seq <= after || !entry.sessionId || planned.has(entry.sessionId)) continue;
      note(found, entry, key);
    }
  });
  return sorted(found);
}

/**
 * Sessions outside `planned` that made what others put inside the planned containers (`inside`: the
 * items planning found in each container, by the container's key, that the container's own step did
 * not leave there): an item's maker is the session of its first committed write.
 */
export async function findCascadesInside(context: RuntimeContext, planned: ReadonlySet<string>, inside: ReadonlyMap<string, string[]>): Promise<CascadeSession[]> {
  const found: Found = new Map();
  const items = [...inside].flatMap(([container, keys]) => keys.map((item) => [container, item] as const));
  await mapConcurrent(items, READS, async ([container, item]) => {
    const entries = (await context.journal.resourceEntries(item)).filter((entry) => entry.type === 'action.committed');
    const maker = entries[0]?.sessionId;
    if (!maker || planned.has(maker)) return;
    for (const entry of entries) if (entry.sessionId === maker) note(found, entry, container, item);
  });
  return sorted(found);
}

/** Both kinds of cascade as one list, a session found by both once. */
export function mergeCascades(...lists: CascadeSession[][]): CascadeSession[] {
  const merged = new Map<string, CascadeSession>();
  for (const cascade of lists.flat()) {
    const known = merged.get(cascade.sessionId);
    if (!known) {
      merged.set(cascade.sessionId, { ...cascade });
      continue;
    }
    known.resources = [...new Set([...known.resources, ...cascade.resources])].sort();
    known.actions += cascade.actions;
    if (cascade.firstAt < known.firstAt) known.firstAt = cascade.firstAt;
    if (cascade.inside) known.inside = [...new Set([...(known.inside ?? []), ...cascade.inside])].sort();
  }
  return [...merged.values()].sort((left, right) => left.firstAt.localeCompare(right.firstAt));
}

/** The sessions and actions a plan spans so far: `include` adds later sessions to them, whole. */
interface Planned {
  sessions: string[];
  actions: SessionAction[];
}

/**
 * Plans with cascades: `list` names them in the plan; `include` adds them, whole, and looks again from
 * what they did, until no later session is left. Sessions that changed a planned resource are found in
 * the journal before planning; sessions that put something inside a planned container, from what
 * planning found inside it (`plan` fills `inside`), and with `include` the sessions are planned again.
 */
export async function planWithCascades(
  context: RuntimeContext,
  planned: Planned,
  mode: 'list' | 'include',
  include: (sessionIds: string[]) => Promise<void>,
  plan: (inside: Map<string, string[]>) => Promise<RollbackPlan>,
): Promise<RollbackPlan> {
  for (;;) {
    let cascades = await findCascades(context, new Set(planned.sessions), planned.actions);
    while (mode === 'include' && cascades.length > 0) {
      await include(cascades.map((cascade) => cascade.sessionId));
      cascades = await findCascades(context, new Set(planned.sessions), planned.actions);
    }
    const inside = new Map<string, string[]>();
    const planning = await plan(inside);
    const within = await findCascadesInside(context, new Set(planned.sessions), inside);
    if (mode === 'include' && within.length > 0) {
      await include(within.map((cascade) => cascade.sessionId));
      continue;
    }
    planning.cascades = mergeCascades(cascades, within);
    return planning;
  }
}

function note(found: Found, entry: { sessionId: string | null; agentId: string | null; at: string; seq: number }, resource: string, item?: string): void {
  let cascade = found.get(entry.sessionId!);
  if (!cascade) found.set(entry.sessionId!, (cascade = { sessionId: entry.sessionId!, agentId: entry.agentId, resources: [], actions: 0, firstAt: entry.at, seq: entry.seq }));
  if (!cascade.resources.includes(resource)) cascade.resources.push(resource);
  if (item && !(cascade.inside ??= []).includes(item)) cascade.inside.push(item);
  cascade.actions += 1;
  if (entry.seq < cascade.seq) Object.assign(cascade, { seq: entry.seq, firstAt: entry.at });
}

function sorted(found: Found): CascadeSession[] {
  return [...found.values()]
    .sort((left, right) => left.seq - right.seq)
    .map(({ seq: _seq, ...cascade }) => ({ ...cascade, resources: cascade.resources.sort(), ...(cascade.inside ? { inside: cascade.inside.sort() } : {}) }));
}
