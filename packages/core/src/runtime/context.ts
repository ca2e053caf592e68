// What the runtime's parts share: journal, registry, clock, retry policy and in-process state.
import type { Clock } from '../contract/clock.js';
import type { Json } from '../contract/json.js';
import type { JournalEntry, JournalStore, NewEntry } from '../contract/journal.js';
import type { PolicyRule } from '../policy/types.js';
import type { ActionRegistry } from './registry.js';
import type { RetryPolicy } from './retry.js';
import { scrubSecrets } from './redact.js';
import type { KillSwitch } from './kill-switch.js';

export interface RuntimeContext {
  journal: JournalStore;
  registry: ActionRegistry;
  clock: Clock;
  retry: RetryPolicy;
  policy: PolicyRule[];
  killSwitch: KillSwitch;
  /** Identifies this runtime instance in intents, to tell its own in-flight writes from a crashed one's. */
  instanceId: string;
  /** An intent from another process older than this, with no outcome, is treated as a crashed attempt. */
  inFlightTimeoutMs: number;
  /** Keys with a write in flight in this process. */
  inFlight: Set<string>;
  append(entry: NewEntry): Promise<JournalEntry>;
}

/** Appends with every known secret value scrubbed from the entry, whatever field it hides in. */
export function secretScrubbingAppend(journal: JournalStore, registry: ActionRegistry, clock: Clock) {
  return (entry: NewEntry): Promise<JournalEntry> => {
    const secrets = registry.secrets();
    const scrubbed = secrets.length === 0 ? entry : (scrubSecrets(entry as unknown as Json, secrets) as unknown as NewEntry);
    return journal.append({ ...scrubbed, at: scrubbed.at ?? new Date(clock.now()).toISOString() });
  };
}
