// What the runtime's parts share: journal, registry, clock, retry policy and in-process state.
import type { Clock } from '../contract/clock.js';
import type { Json } from '../contract/json.js';
import type { JournalEntry, JournalStore, NewEntry } from '../contract/journal.js';
import type { PolicyRule } from '../policy/types.js';
import type { ActionRegistry } from './registry.js';
import type { RetryPolicy } from './retry.js';
import { scrubSecrets } from './redact.js';
import type { KillSwitch } from './kill-switch.js';
import type { SessionEnds } from './session-ends.js';
import type { InFlightCalls } from './in-flight-calls.js';
import { ALLOWED_WRITERS, signEntry, type Keyring, type WriterIdentity } from '../journal/writers.js';
import { BackspaceError } from '../errors.js';
import { protectEntry, type ContentProtection } from '../journal/sealing.js';

export interface RuntimeContext {
  journal: JournalStore;
  registry: ActionRegistry;
  clock: Clock;
  retry: RetryPolicy;
  policy: PolicyRule[];
  killSwitch: KillSwitch;
  /** This process's sessions that another process ended (see session-ends.ts). */
  sessionEnds: SessionEnds;
  /** Identifies this runtime instance in intents, to tell its own in-flight writes from a crashed one's. */
  instanceId: string;
  /** An intent from another process older than this, with no outcome, is treated as a crashed attempt. */
  inFlightTimeoutMs: number;
  /** Keys with a write in flight in this process. */
  inFlight: Set<string>;
  /** Calls in flight in this process, so the kill switch can abort them. */
  running: InFlightCalls;
  /** The writer this process appends as; its entries are signed when set. */
  writer: WriterIdentity | null;
  /** Trusted writers: when set, entries that do not verify against it are never acted on. */
  keyring: Keyring | null;
  /** How long an approval stays usable when the approver gave no expiry. */
  approvalTtlMs: number;
  /** Content sealing or redaction at rest, when configured. */
  content: ContentProtection | null;
  /** An entry's data with its sealed content opened (as it is when nothing is sealed). */
  open(entry: JournalEntry): Json;
  append(entry: NewEntry): Promise<JournalEntry>;
}

/**
 * Appends with every known secret value scrubbed from the entry, whatever field it hides in, then
 * signed as this process's writer when it has one.
 */
export function secretScrubbingAppend(journal: JournalStore, registry: ActionRegistry, clock: Clock, writer: WriterIdentity | null = null, content: ContentProtection | null = null) {
  return (entry: NewEntry): Promise<JournalEntry> => {
    const secrets = registry.secrets();
    const scrubbed = secrets.length === 0 ? entry : (scrubSecrets(entry as unknown as Json, secrets) as unknown as NewEntry);
    const stamped = { ...scrubbed, at: scrubbed.at ?? new Date(clock.now()).toISOString() };
    if (writer && !ALLOWED_WRITERS[entry.type].includes(writer.role)) {
      return Promise.reject(new BackspaceError('unauthorized', `${writer.id} writes as ${writer.role}; only ${ALLOWED_WRITERS[entry.type].join(' or ')} may write ${entry.type}`, { details: { writer: writer.id, type: entry.type } }));
    }
    const sealed = content ? protectEntry(stamped, content) : stamped;
    return journal.append(writer ? signEntry(sealed, writer) : sealed);
  };
}
