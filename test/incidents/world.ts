// What the independent readers see: every object of a simulator as an item of plain string fields,
// and a ledger that attributes each observed change to whoever made it (the rolled-back session A,
// another session B on the same token, or a person H), by observing the world after every step.

/** A: the session the run rolls back; B: another agent session on the same token; H: a person. */
export type Writer = 'A' | 'B' | 'H';

export interface Item {
  kind: string;
  /** Present and visible: open, not archived, trashed, deleted or cancelled. */
  alive: boolean;
  /** Plain values; a set is one field per member (`label:bug` = `yes`), so members are owned one by one. */
  fields: Record<string, string>;
  /** Substrings that name this item in a rollback report: its resource keys, its marker key. */
  names: string[];
  /** Not alive, but everything in it stays readable (a closed issue, an archived channel). */
  retained?: boolean;
  /**
   * The item it came with: a file on a branch is copied when the branch is created, so when that
   * branch is left in place (and named), so are the files that came with it.
   */
  container?: string;
  /** A copy by nature (a file on a branch): two alike made by one rollback are not a double undo. */
  copy?: boolean;
  /** The text carrying the tag of the write that made it, for the one-object-per-key check. */
  identity?: string;
}

export type World = Map<string, Item>;

export const ALIVE = 'alive';

/** A field's value in a world; an absent item reads as not alive with no fields. */
export function valueOf(world: World, key: string, field: string): string | undefined {
  const item = world.get(key);
  if (field === ALIVE) return item?.alive ? 'yes' : 'no';
  return item?.fields[field];
}

export function fieldsOf(...items: (Item | undefined)[]): string[] {
  return [...new Set(items.flatMap((item) => (item ? Object.keys(item.fields) : [])))];
}

export interface Change {
  writer: Writer;
  step: number;
  value: string | undefined;
}

/** Every change each writer made, per item and field, in order, from the baseline on. */
export class Ledger {
  private readonly changes = new Map<string, Map<string, Change[]>>();
  /** The last time each item was seen, so what was deleted before the rollback can still be named. */
  private readonly seen = new Map<string, Item>();
  /** The idempotency keys of the writes each step made (an agent's step: one; a killed agent's: all it planned). */
  private readonly stepKeys = new Map<number, string[]>();

  constructor(readonly baseline: World) {
    for (const [key, item] of baseline) this.seen.set(key, item);
  }

  lastSeen(key: string): Item | undefined {
    return this.seen.get(key);
  }

  record(writer: Writer, step: number, before: World, after: World, keys: string[] = []): number {
    for (const [key, item] of after) this.seen.set(key, item);
    this.stepKeys.set(step, keys);
    let count = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      for (const field of [ALIVE, ...fieldsOf(before.get(key), after.get(key))]) {
        const value = valueOf(after, key, field);
        if (value === valueOf(before, key, field)) continue;
        let fields = this.changes.get(key);
        if (!fields) this.changes.set(key, (fields = new Map()));
        const list = fields.get(field) ?? [];
        list.push({ writer, step, value });
        fields.set(field, list);
        count += 1;
      }
    }
    return count;
  }

  /** The keys of the writes made in the step that first brought the item into being (none for a person's). */
  creatingKeys(key: string): string[] {
    const created = this.history(key, ALIVE).find((change) => change.value === 'yes');
    return created ? (this.stepKeys.get(created.step) ?? []) : [];
  }

  keys(): string[] {
    return [...this.changes.keys()];
  }

  history(key: string, field: string): Change[] {
    return this.changes.get(key)?.get(field) ?? [];
  }

  /** Every change to the item, any field. */
  itemChanges(key: string): Change[] {
    return [...(this.changes.get(key)?.values() ?? [])].flat();
  }

  fields(key: string): string[] {
    return [...(this.changes.get(key)?.keys() ?? [])].filter((field) => field !== ALIVE);
  }
}
