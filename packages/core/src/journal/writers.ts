// Who may write what: every entry can carry its writer (id and role) and an Ed25519 signature by that
// writer's key. A keyring of trusted public keys (kept where agents cannot change it) lets readers and
// `verify` tell an operator's kill, resume or approval from one an agent forged, and refuse entries
// whose writer was not allowed to write them.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify as verifySignature } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { EntryType, JournalEntry, NewEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { canonicalJson } from './hash-chain.js';

export const WRITER_ROLES = ['agent', 'operator', 'supervisor'] as const;
export type WriterRole = (typeof WRITER_ROLES)[number];

/** The writer this process appends as, with its private key (PEM, PKCS#8). */
export interface WriterIdentity {
  id: string;
  role: WriterRole;
  privateKey: string;
}

/** A writer the keyring trusts: its public key (PEM, SPKI) and the one role it may act in. */
export interface TrustedWriter {
  id: string;
  role: WriterRole;
  publicKey: string;
}

export interface Keyring {
  writers: TrustedWriter[];
}

/** The writer stamp inside an entry's data. */
export interface WriterStamp {
  id: string;
  role: WriterRole;
  /** Unique per entry: a copied entry (a replayed resume or approval) shows as a repeat. */
  nonce: string;
  /** base64 Ed25519 signature over the entry's content (everything but seq, id and the chain hashes). */
  sig: string;
}

/** The data member that carries the stamp. */
export const WRITER_FIELD = '$writer';

/**
 * Which roles may write each entry type. Agents write their own sessions and actions; operators decide
 * approvals, kill, resume, end crashed sessions and roll back (settling unknown outcomes on the way);
 * the supervisor may kill and roll back, not resume or approve, and journals its audits and findings,
 * which only an operator may mark false alarms.
 */
export const ALLOWED_WRITERS: Record<EntryType, readonly WriterRole[]> = {
  'session.started': ['agent'],
  'session.ended': ['agent', 'operator', 'supervisor'],
  'action.rejected': ['agent'],
  'action.blocked': ['agent'],
  'action.awaiting-approval': ['agent'],
  // An operator or the supervisor writes an intent (and an unknown outcome) only to send a deferred
  // action it released: WriterAudit trusts such an intent only when it names a released deferral of
  // the session, for the same action and input.
  'action.intent': ['agent', 'operator', 'supervisor'],
  'action.committed': ['agent', 'operator', 'supervisor'],
  'action.failed': ['agent', 'operator', 'supervisor'],
  'action.unknown': ['agent', 'operator', 'supervisor'],
  'approval.granted': ['operator'],
  'approval.denied': ['operator', 'supervisor'],
  kill: ['operator', 'supervisor'],
  resume: ['operator'],
  'rollback.started': ['operator', 'supervisor'],
  'rollback.finished': ['operator', 'supervisor'],
  'compensation.intent': ['operator', 'supervisor'],
  'compensation.committed': ['operator', 'supervisor'],
  'compensation.failed': ['operator', 'supervisor'],
  'supervisor.audit': ['supervisor'],
  'supervisor.finding': ['supervisor'],
  'supervisor.response': ['supervisor'],
  // A person overrules the supervisor, never the supervisor itself.
  'supervisor.false-alarm': ['operator'],
  // The agent holds its own action; a person (operator) or a passed audit (supervisor) releases it, and
  // a rollback by either drops it. An agent can never release what it was made to hold.
  'action.deferred': ['agent'],
  'deferred.released': ['operator', 'supervisor'],
  'deferred.dropped': ['operator', 'supervisor'],
};

/** A new Ed25519 writer key: the identity for the writer's process, the trusted entry for the keyring. */
export function createWriterKey(id: string, role: WriterRole): { identity: WriterIdentity; trusted: TrustedWriter } {
  checkIdAndRole(id, role);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    identity: { id, role, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    trusted: { id, role, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

/** Checks a writer identity once, when a runtime starts: a bad key fails here, not at the first append. */
export function validateIdentity(identity: WriterIdentity): WriterIdentity {
  checkIdAndRole(identity?.id, identity?.role);
  try {
    const key = createPrivateKey(identity.privateKey);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch (error) {
    throw new BackspaceError('invalid_config', `writer ${identity.id}: privateKey must be an Ed25519 private key in PEM (${(error as Error).message})`);
  }
  return identity;
}

export function validateKeyring(keyring: Keyring): Keyring {
  if (!keyring || !Array.isArray(keyring.writers)) throw new BackspaceError('invalid_config', 'a keyring is { writers: [{ id, role, publicKey }] }');
  const ids = new Set<string>();
  for (const writer of keyring.writers) {
    checkIdAndRole(writer?.id, writer?.role);
    if (ids.has(writer.id)) throw new BackspaceError('invalid_config', `keyring: writer ${writer.id} is listed twice`);
    ids.add(writer.id);
    try {
      if (createPublicKey(writer.publicKey).asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    } catch (error) {
      throw new BackspaceError('invalid_config', `keyring: writer ${writer.id} needs an Ed25519 public key in PEM (${(error as Error).message})`);
    }
  }
  return keyring;
}

function checkIdAndRole(id: unknown, role: unknown): void {
  if (typeof id !== 'string' || id.length === 0) throw new BackspaceError('invalid_config', 'a writer needs an id: a non-empty string');
  if (!WRITER_ROLES.includes(role as WriterRole)) throw new BackspaceError('invalid_config', `writer ${id}: role must be one of ${WRITER_ROLES.join(', ')}, not ${JSON.stringify(role)}`);
}

/** What the signature covers: the entry's content and the stamp without its signature. */
function signedText(entry: Pick<NewEntry, 'type' | 'sessionId' | 'agentId' | 'actionId' | 'action' | 'idempotencyKey' | 'resource' | 'correlationId' | 'at'>, data: Json): string {
  return canonicalJson({
    type: entry.type,
    sessionId: entry.sessionId ?? null,
    agentId: entry.agentId ?? null,
    actionId: entry.actionId ?? null,
    action: entry.action ?? null,
    idempotencyKey: entry.idempotencyKey ?? null,
    resource: entry.resource ?? null,
    correlationId: entry.correlationId ?? null,
    at: entry.at ?? null,
    data,
  });
}

/** Stamps and signs an entry as `identity` (after secrets are scrubbed and `at` is set). */
export function signEntry(entry: NewEntry, identity: WriterIdentity): NewEntry {
  const data = (entry.data !== null && typeof entry.data === 'object' && !Array.isArray(entry.data) ? entry.data : { value: entry.data }) as Record<string, Json>;
  const unsigned = { ...data, [WRITER_FIELD]: { id: identity.id, role: identity.role, nonce: randomUUID() } };
  const sig = sign(null, Buffer.from(signedText(entry, unsigned)), identity.privateKey).toString('base64');
  return { ...entry, data: { ...unsigned, [WRITER_FIELD]: { ...(unsigned[WRITER_FIELD] as object), sig } } };
}

export function writerOf(entry: JournalEntry): WriterStamp | null {
  const data = entry.data as Record<string, Json> | null;
  const stamp = data && typeof data === 'object' && !Array.isArray(data) ? (data[WRITER_FIELD] as unknown as WriterStamp | undefined) : undefined;
  return stamp && typeof stamp === 'object' ? stamp : null;
}

/**
 * Why this entry's writer cannot be trusted with it, or null when it can: unsigned, unknown writer, a
 * role other than the keyring's, a bad signature, or a role not allowed to write this entry type.
 */
export function writerProblem(entry: JournalEntry, keyring: Keyring): string | null {
  const stamp = writerOf(entry);
  if (!stamp) return `${entry.type} carries no writer signature`;
  const trusted = keyring.writers.find((writer) => writer.id === stamp.id);
  if (!trusted) return `${entry.type} is signed by ${String(stamp.id)}, a writer the keyring does not know`;
  if (trusted.role !== stamp.role) return `${entry.type} claims role ${String(stamp.role)} for ${trusted.id}, whose role is ${trusted.role}`;
  const { sig, ...unsignedStamp } = stamp;
  const data = { ...(entry.data as Record<string, Json>), [WRITER_FIELD]: unsignedStamp as unknown as Json };
  let valid = false;
  try {
    valid = typeof sig === 'string' && verifySignature(null, Buffer.from(signedText(entry, data)), trusted.publicKey, Buffer.from(sig, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return `${entry.type} by ${trusted.id}: the signature does not match the entry (forged or edited)`;
  if (!ALLOWED_WRITERS[entry.type]?.includes(trusted.role)) return `${entry.type} written by ${trusted.id}, a ${trusted.role}: only ${ALLOWED_WRITERS[entry.type]?.join(' or ') ?? 'nobody'} may write it`;
  return null;
}

/**
 * Follows a journal's entries in order and says which may be trusted: writer checks, no repeated
 * stamp (a replayed copy), and a session's action entries only from the agent that started it (or an
 * operator or the supervisor settling it).
 */
export class WriterAudit {
  private readonly nonces = new Set<string>();
  private readonly sessionOwners = new Map<string, string>();
  /** Trusted deferrals by id: session, action and input hash; `released` once an operator or the supervisor released it. */
  private readonly deferrals = new Map<string, { sessionId: string | null; action: string | null; inputHash: unknown; released: boolean }>();
  /** Intents an operator or the supervisor wrote to send a released deferral. */
  private readonly releaseIntents = new Set<string>();

  constructor(private readonly keyring: Keyring) {}

  /** Null when trusted, else the reason; call in journal order. */
  check(entry: JournalEntry): string | null {
    const problem = writerProblem(entry, this.keyring);
    if (problem) return problem;
    const stamp = writerOf(entry)!;
    if (this.nonces.has(stamp.nonce)) return `${entry.type} repeats an earlier entry's writer stamp: a replayed copy`;
    this.nonces.add(stamp.nonce);
    if (entry.sessionId && stamp.role === 'agent') {
      const owner = this.sessionOwners.get(entry.sessionId);
      if (entry.type === 'session.started') {
        if (owner) return `session ${entry.sessionId} was already started by ${owner}`;
        this.sessionOwners.set(entry.sessionId, stamp.id);
      } else if (owner !== stamp.id) {
        return `${entry.type} in session ${entry.sessionId} by ${stamp.id}, which did not start it${owner ? ` (${owner} did)` : ''}`;
      }
    }
    return this.deferralProblem(entry, stamp);
  }

  /**
   * Deferred effects: a deferral is recorded as the agent's; an operator's or the supervisor's release
   * or drop must name one, and their intent (and unknown outcome) must send a released one, for the
   * same session, action and input: a role that may release cannot make up an agent's write.
   */
  private deferralProblem(entry: JournalEntry, stamp: WriterStamp): string | null {
    const data = (entry.data ?? {}) as Record<string, Json>;
    if (entry.type === 'action.deferred') {
      this.deferrals.set(entry.actionId ?? '', { sessionId: entry.sessionId, action: entry.action, inputHash: data.inputHash, released: false });
      return null;
    }
    if (entry.type === 'deferred.released' || entry.type === 'deferred.dropped') {
      const deferral = this.deferrals.get(entry.actionId ?? '');
      if (!deferral || deferral.sessionId !== entry.sessionId) return `${entry.type} by ${stamp.id} names no deferred action of session ${entry.sessionId}`;
      if (entry.type === 'deferred.released') deferral.released = true;
      return null;
    }
    if (stamp.role === 'agent') return null;
    if (entry.type === 'action.intent') {
      const deferral = this.deferrals.get(typeof data.deferredId === 'string' ? data.deferredId : '');
      const matches = deferral?.released && deferral.sessionId === entry.sessionId && deferral.action === entry.action && deferral.inputHash === data.inputHash;
      if (!matches) return `action.intent by ${stamp.id}, a ${stamp.role}, sends no released deferred action of session ${entry.sessionId} with this action and input`;
      this.releaseIntents.add(entry.actionId ?? '');
    }
    if (entry.type === 'action.unknown' && !this.releaseIntents.has(entry.actionId ?? '')) return `action.unknown by ${stamp.id}, a ${stamp.role}, follows no release it sent`;
    return null;
  }

  ownerOf(sessionId: string): string | undefined {
    return this.sessionOwners.get(sessionId);
  }
}

/** The entries a rollback may act on: those whose writer the keyring trusts with them; the rest named in `ignored`. */
export function trustedEntries(entries: JournalEntry[], keyring: Keyring, ignored: string[] = []): JournalEntry[] {
  const audit = new WriterAudit(keyring);
  return entries.filter((entry) => {
    const problem = audit.check(entry);
    if (problem) ignored.push(`entry ${entry.seq} ignored: ${problem}`);
    return problem === null;
  });
}
