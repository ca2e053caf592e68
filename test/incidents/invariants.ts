// The four promises, checked on what the simulators hold (never through the adapters): no agent effect
// left that the report does not name, no person's or other session's change lost, no compensation run
// twice, no write duplicated.
import type { JournalEntry, RollbackReport } from '@backspace/core';
import { ALIVE, fieldsOf, valueOf, type Change, type Ledger, type World } from './world.js';

export type ViolationKind = 'silentMiss' | 'humanEditLost' | 'doubleUndo' | 'duplicateWrite';

export interface Violation {
  kind: ViolationKind;
  item: string;
  detail: string;
}

const LEFT_AS_IS = new Set(['conflict', 'unreachable', 'failed', 'corrected']);
const NOTHING_RUN = new Set(['gone', 'irreversible', 'expired', 'unreachable']);

/** What a report says it did not (fully) undo: steps left or corrected, residue lines, unsettled writes. */
export function namedBy(report: Pick<RollbackReport, 'steps' | 'residue'>): string[] {
  const named = [...report.residue];
  for (const step of report.steps) {
    if (LEFT_AS_IS.has(step.outcome) || (step.outcome === 'skipped' && (step.error !== undefined || NOTHING_RUN.has(step.status)))) named.push(step.resource);
  }
  return named;
}

function lastBy(changes: Change[], writers: (writer: Change['writer']) => boolean): Change | undefined {
  for (let index = changes.length - 1; index >= 0; index -= 1) if (writers(changes[index]!.writer)) return changes[index];
  return undefined;
}
const notA = (writer: Change['writer']) => writer !== 'A';

/**
 * After a rollback of session A: each field holds what the last writer other than A left (or its value
 * before the run), an item A created is gone unless others touched it, and every difference is either
 * named by the report (an agent effect left, told) or a violation: an agent effect left silently, or
 * a change by a person or session B that the rollback undid.
 */
/** What a provider's items carry that is not work built on them (see ProviderKit's `marks` and `sameTokenMarks`). */
export interface Marks {
  marks?: RegExp | undefined;
  sameTokenMarks?: RegExp | undefined;
}

export function checkRollback(ledger: Ledger, before: World, after: World, report: Pick<RollbackReport, 'steps' | 'residue'>, { marks, sameTokenMarks }: Marks = {}): Violation[] {
  const named = namedBy(report);
  const violations: Violation[] = [];
  const keys = new Set([...ledger.baseline.keys(), ...before.keys(), ...ledger.keys()]);
  const isNamed = (key: string) => {
    const item = after.get(key) ?? ledger.lastSeen(key);
    if (!item) return false;
    // A write whose outcome stayed unknown is named by its idempotency key (`…-ta3`), the tag its texts carry.
    // An item with no text to carry the tag (a relation) by the keys of the step that made it.
    const keys = (item.identity?.match(AGENT_TAG) ?? []).map((tag) => `-${tag.replace(/x\d+$/, '')})`);
    const madeBy = ledger.creatingKeys(key).map((made) => `(key ${made})`);
    return [...item.names, ...keys, ...madeBy].some((name) => named.some((line) => line.includes(name)));
  };
  /** What the report says about an item: its steps and their outcomes, or that it has none. */
  const stepsFor = (key: string) => {
    const item = after.get(key) ?? ledger.lastSeen(key);
    const steps = report.steps.filter((step) => item?.names.some((name) => step.resource.includes(name)));
    return steps.length ? `its steps: ${steps.map((step) => `${step.action} ${step.status}/${step.outcome}`).join(', ')}` : 'the report has no step for it';
  };
  /**
   * Made or removed in the same step as its container (files copied onto a new branch, subtasks trashed
   * with their parent), which the report names: the container's step speaks for it. So it does through
   * containers that came or went in that same step themselves (a subtask of a subtask, trashed with the
   * top task the agent deleted for good): the named one's step took them all.
   */
  const wentWithNamedContainer = (key: string) => {
    const steps = (of: string) => ledger.history(of, ALIVE).map((change) => change.step);
    const own = steps(key);
    if (own.length === 0) return false;
    return [own[0]!, own.at(-1)!].some((step) => {
      const seen = new Set([key]);
      for (let at = key; ; ) {
        const container = (after.get(at) ?? ledger.lastSeen(at))?.container;
        if (container === undefined || seen.has(container) || !steps(container).includes(step)) return false;
        if (isNamed(container)) return true;
        seen.add(container);
        at = container;
      }
    });
  };
  /** Inside a container that someone other than A removed: its fate is the container's. */
  const removedWithContainer = (key: string) => {
    const container = (after.get(key) ?? ledger.lastSeen(key))?.container;
    return container !== undefined && valueOf(after, container, ALIVE) === 'no' && (lastBy(ledger.history(container, ALIVE), () => true)?.writer ?? 'A') !== 'A';
  };
  for (const key of keys) {
    const found = (kind: Violation['kind'], detail: string) => violations.push({ kind, item: key, detail });
    if (removedWithContainer(key)) continue;

    const aliveHistory = ledger.history(key, ALIVE);
    const created = aliveHistory.find((change) => change.value === 'yes');
    const createdByA = valueOf(ledger.baseline, key, ALIVE) === 'no' && created?.writer === 'A';
    // Marks (a reaction, a pin, a label) are not work built on an item: removing it with them loses nothing of theirs.
    // An item others put inside that A itself then removed for good, the report naming it (an irreversible
    // delete): nothing of theirs is left inside for the container to keep; the loss is A's write, told.
    const removedForGoodByA = (field: string) => {
      const last = ledger.history(field, ALIVE).at(-1);
      return keys.has(field) && last?.writer === 'A' && last.value === 'no' && valueOf(after, field, ALIVE) === 'no' && isNamed(field);
    };
    // An item inside that a person or session B took out before the rollback, whoever made it: nothing of
    // theirs is inside for the container to keep (their removal stands either way), so removing the
    // container loses none of their work.
    const takenOutByOthers = (field: string) => {
      if (!keys.has(field) || valueOf(after, field, ALIVE) !== 'no') return false;
      const last = ledger.history(field, ALIVE).at(-1);
      return last !== undefined && last.writer !== 'A' && last.value === 'no';
    };
    // A field of the container's own (a block's text in a page) that a person or session B last cleared,
    // still clear before the rollback: what they wrote there, they took out themselves.
    const clearedByOthers = (field: string) => {
      const last = ledger.history(key, field).at(-1);
      return last !== undefined && last.writer !== 'A' && last.value === undefined && valueOf(before, key, field) === undefined;
    };
    // A mark session B left with the agent's own token (a Slack pin) is, to the provider, the agent's.
    const byOthers = (field: string) => ledger.history(key, field).some((change) => change.writer !== 'A' && !(change.writer === 'B' && sameTokenMarks?.test(field)));
    const built = (field: string) => !marks?.test(field) && !removedForGoodByA(field) && !takenOutByOthers(field) && !clearedByOthers(field) && byOthers(field);
    const othersChanges = [ALIVE, ...ledger.fields(key)].filter(built);
    const baselineAlive = valueOf(ledger.baseline, key, ALIVE);
    // An item A made is to go, unless others built on it; then it stays as they left it.
    const expectedAlive = lastBy(aliveHistory, notA)?.value ?? (createdByA && othersChanges.length > 0 ? 'yes' : baselineAlive);
    const preAlive = valueOf(before, key, ALIVE);
    const finalAlive = valueOf(after, key, ALIVE);
    const retained = finalAlive === 'no' && after.get(key)?.retained === true;
    if (finalAlive !== expectedAlive) {
      if (finalAlive === preAlive) {
        if (!isNamed(key) && !wentWithNamedContainer(key)) found('silentMiss', `${createdByA ? `created by A and still ${finalAlive === 'yes' ? 'there' : 'gone'}` : `A left it ${finalAlive === 'yes' ? 'present' : 'removed'}`}, not named by the report; ${stepsFor(key)}`);
      } else if (finalAlive === 'no') {
        // Closed or archived, with everything in it still readable: nobody's work is gone (its fields are
        // checked below), unless a person or session B had opened it again themselves.
        const reopenedBy = lastBy(aliveHistory, notA)?.writer;
        if (retained && reopenedBy) {
          found('humanEditLost', `the rollback closed it, though ${reopenedBy} had set it open`);
          continue;
        }
        if (!retained) {
          const touched = ledger.fields(key).filter(built).map((field) => `${field} by ${lastBy(ledger.history(key, field), notA)!.writer}`);
          found('humanEditLost', `the rollback removed it, though ${createdByA ? `others built on it (${touched.join(', ')})` : 'A did not create it'}`);
          continue;
        }
      } else if (aliveHistory.at(-1)?.writer === 'A') {
        // Back because the rollback undid A's removal, while A's own making of it was not undone.
        if (!isNamed(key) && !wentWithNamedContainer(key)) found('silentMiss', `created by A, removed by A, brought back by the rollback and not named by the report; ${stepsFor(key)}`);
        continue;
      } else {
        found('humanEditLost', 'the rollback brought back what a person or session B removed');
        continue;
      }
      if (!retained) continue;
    }
    if (finalAlive !== 'yes' && !(retained && expectedAlive === 'yes')) continue;

    for (const field of new Set([...ledger.fields(key), ...fieldsOf(before.get(key), after.get(key))])) {
      // What sits inside (`comment:12`) is checked as its own item; the container lists it to show who built on it.
      if (ledger.lastSeen(field)) continue;
      const history = ledger.history(key, field);
      const preValue = valueOf(before, key, field);
      const finalValue = valueOf(after, key, field);
      const lastWriter = history.at(-1)?.writer;
      if (lastWriter !== 'A') {
        // Only what the rollback itself added (a restored child under a new name) is not someone's value.
        if (finalValue !== preValue && !(history.length === 0 && preValue === undefined)) {
          const same = history.some((change) => change.writer === 'A' && change.value === preValue) ? ' (the same value A wrote before)' : '';
          found('humanEditLost', `${field}: ${JSON.stringify(preValue)} by ${lastWriter ?? 'the seed'}${same} became ${JSON.stringify(finalValue)}`);
          break;
        }
        continue;
      }
      // Closed or archived with others' work kept readable: A's own values in it are undone enough.
      if (retained) continue;
      const lastOther = lastBy(history, notA);
      const expected = lastOther ? lastOther.value : valueOf(ledger.baseline, key, field);
      if (finalValue !== expected && !isNamed(key)) {
        found('silentMiss', `${field}: A's ${JSON.stringify(preValue)} left as ${JSON.stringify(finalValue)}, expected ${JSON.stringify(expected)}, not named by the report; ${stepsFor(key)}`);
        break;
      }
    }
  }
  return violations;
}

const AGENT_TAG = /\bt[ab]\d+(?:x\d+)?\b/g;

/** One provider object per agent write: a tag written once names at most one object. */
export function checkDuplicates(world: World): Violation[] {
  const holders = new Map<string, string[]>();
  for (const [key, item] of world) {
    for (const tag of new Set(item.identity?.match(AGENT_TAG) ?? [])) holders.set(tag, [...(holders.get(tag) ?? []), key]);
  }
  return [...holders].filter(([, keys]) => keys.length > 1).map(([tag, keys]) => ({ kind: 'duplicateWrite' as const, item: keys.join(' '), detail: `the write tagged ${tag} made ${keys.length} objects` }));
}

/** Objects a rollback made (revert pull requests, corrections, restored copies): none made twice. */
export function checkRollbackCreations(before: World, after: World): Violation[] {
  const made = new Map<string, string[]>();
  for (const [key, item] of after) {
    if (before.has(key) || item.copy) continue;
    const signature = `${item.kind} ${JSON.stringify(Object.entries(item.fields).sort())}`;
    made.set(signature, [...(made.get(signature) ?? []), key]);
  }
  return [...made].filter(([, keys]) => keys.length > 1).map(([signature, keys]) => ({ kind: 'doubleUndo' as const, item: keys.join(' '), detail: `the rollback made ${keys.length} identical objects: ${signature.slice(0, 200)}` }));
}

/** The journal: no action compensated (committed) more than once, across every rollback of the run. */
export function checkCompensationsOnce(entries: JournalEntry[]): Violation[] {
  const committed = new Map<string, number>();
  for (const entry of entries) if (entry.type === 'compensation.committed') committed.set(entry.actionId!, (committed.get(entry.actionId!) ?? 0) + 1);
  return [...committed]
    .filter(([, count]) => count > 1)
    .map(([actionId, count]) => {
      const action = entries.find((entry) => entry.actionId === actionId);
      return { kind: 'doubleUndo' as const, item: action?.resource ?? actionId, detail: `${action?.action} compensated ${count} times (compensation.committed)` };
    });
}
