// The supervisor: reads the journal as agents commit, audits each action once its delay has passed,
// checks drift and complaint spikes on their own beat, and answers findings by itself. Nothing an
// evaluator, a webhook or Slack does can end it: a failing part is reported and tried again.
import { systemClock, type Adapter, type Clock, type Finding, type JournalEntry, type NewFinding, type Runtime } from '@backspace/core';
import { withCallSignal } from '@backspace/core/adapter-kit';
import type { SlackConnection } from '@backspace/slack';
import { answerFinding, Auditor, recordAndRespond, type AuditOutcome } from './audit.js';
import { MemoryAuditQueue, type AuditQueue } from './audit-queue.js';
import { rulesEvaluator } from './audit-rules.js';
import { FindingBusy } from './claim.js';
import { ComplaintsWatcher, countedComplaints, type Spike } from './complaints.js';
import { triggerOn, validateSupervisorConfig, type SupervisorConfig } from './config.js';
import { countedDecisions, DRIFT_DIMENSIONS, driftScores, type Decision, type DriftScore } from './drift.js';
import type { Evaluator } from './evaluator.js';
import { PendingRollbacks } from './pending-rollbacks.js';
import type { ResponseContext } from './responses.js';
import { jobOf, type AuditJob } from './subject.js';
import { releaseIfPassed } from './release-on-audit.js';

export interface SupervisorOptions {
  /** A runtime whose writer is the supervisor (its entries signed as such), on the agents' journal. */
  runtime: Runtime;
  config: SupervisorConfig;
  clock?: Clock;
  /** The sampling trigger's evaluator (an AI judge, say); default the rules one on `sampling.rules`. */
  evaluator?: Evaluator;
  /** The Slack adapter (or its client) the complaints channel is read and notices are posted with. */
  slack?: Adapter<SlackConnection> | SlackConnection;
  /** Where audits wait (default in memory; `PgBossAuditQueue` to share them on PostgreSQL). */
  queue?: AuditQueue;
  /** Reads the journal from after this seq (default from the start; audited actions are skipped). */
  fromSeq?: number;
  /** One line per thing worth saying: audits with findings, pauses, rollbacks, problems. */
  say?: (line: string) => void;
  onFinding?: (finding: Finding) => void;
}

export interface SupervisorStats {
  /** Committed actions seen in the journal. */
  seen: number;
  audited: number;
  alreadyAudited: number;
  findings: number;
  /** Held calls (deferred effects) sent because their session passed its audit. */
  released: number;
  /** Errors met and survived. */
  problems: number;
}

export interface Supervisor {
  /** Checks what can only be checked live (the complaints channel), then starts. */
  start(): Promise<void>;
  /** Stops reading, lets the audit in progress finish, and stops. */
  stop(): Promise<void>;
  readonly stats: SupervisorStats;
  readonly queue: AuditQueue;
}

const DAY = 86_400_000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const config = validateSupervisorConfig(options.config);
  const clock = options.clock ?? systemClock;
  const say = options.say ?? (() => undefined);
  const pollMs = config.pollMs ?? 250;
  const auditDelayMs = config.auditDelayMs ?? 300_000;
  const slack = options.slack ? ('web' in options.slack ? options.slack : options.slack.client) : null;
  const { policy, sampling, drift, complaints } = config.triggers;
  if (complaints && complaints.enabled !== false && !slack) throw new TypeError('the complaints trigger needs { slack }: the Slack adapter whose token reads the channel');
  const stats: SupervisorStats = { seen: 0, audited: 0, alreadyAudited: 0, findings: 0, released: 0, problems: 0 };
  const queue: AuditQueue = options.queue ?? new MemoryAuditQueue(clock, pollMs, (job, error) => problem(`audit of ${job.action} ${job.actionId} given up: ${(error as Error).message}`));
  // Aborted by stop(): a rollback waiting for a session's lock stops waiting (and is journaled pending).
  const stopSignal = new AbortController();
  const responses: ResponseContext = {
    runtime: options.runtime,
    notify: config.notify,
    slack,
    by: 'supervisor',
    say,
    ...(config.rollbackWaitMs === undefined ? {} : { rollbackWaitMs: config.rollbackWaitMs }),
    stopping: stopSignal.signal,
    onPending: () => pending.noted(),
  };
  const pending = new PendingRollbacks(options.runtime, responses, queue.responses);
  const onFinding = (finding: Finding) => {
    stats.findings += 1;
    say(`finding ${finding.findingId.slice(0, 8)} ${finding.trigger} (${finding.verdict}) agent ${finding.agentId ?? '-'}: ${finding.summary}`);
    options.onFinding?.(finding);
  };
  const later = queue.responses;
  const auditor = new Auditor({ runtime: options.runtime, config, evaluator: options.evaluator ?? rulesEvaluator(sampling?.rules ?? policy?.rules ?? []), responses, onFinding, ...(later ? { later } : {}) });
  const watcher = complaints && complaints.enabled !== false && slack ? new ComplaintsWatcher(slack, complaints) : null;
  // Complaints (Slack ts) per agent that a finding cites: counted once, never toward a second spike.
  const counted = new Map<string, Set<string>>();
  // Per agent, the journal seq through which a drift finding counted its decisions: never counted again.
  let driftCounted = new Map<string, number>();

  // What drift and complaints look at: recent committed decisions, kept only while a trigger needs them.
  const decisions: (Decision & { resource: string | null; correlationId: string | null })[] = [];
  const keepMs = Math.max(drift ? (drift.windowMs ?? 3_600_000) + (drift.baselineMs ?? 7 * DAY) : 0, complaints ? (complaints.windowMs ?? 3_600_000) : 0);
  const valueAtRisk = new Map<string, number | null>();
  let cursor = options.fromSeq ?? 0;
  /** Jobs read from the journal that the queue has not taken yet (it refused them: tried again on the next read). */
  let unqueued: AuditJob[] = [];
  let stopped = false;
  /** Whether the journal has been read once since start (the decisions complaints are matched against). */
  let scanned = false;
  let wakeAll: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => (wakeAll = resolve));
  const loops: Promise<void>[] = [];

  function problem(line: string): void {
    stats.problems += 1;
    say(`problem: ${line}`);
  }

  async function scan(): Promise<void> {
    const entries = await options.runtime.journal.entriesOfType(['action.intent', 'action.committed', 'action.deferred'], cursor);
    // The cursor moves past these entries now: their jobs wait here until the queue has taken them.
    const jobs = unqueued;
    const readAt = clock.now();
    for (const entry of entries) {
      cursor = entry.seq;
      // A held call waits for the audit of its session: its own, on the same delay, then the release.
      if (entry.type === 'action.deferred') {
        if (entry.actionId && entry.sessionId && (triggerOn(policy, entry.agentId) || triggerOn(sampling, entry.agentId))) jobs.push(jobOf(entry, auditDelayMs, readAt));
        continue;
      }
      if (entry.type === 'action.intent') {
        if (keepMs > 0) valueAtRisk.set(entry.actionId!, numberOrNull((entry.data as { valueAtRisk?: unknown }).valueAtRisk));
        continue;
      }
      stats.seen += 1;
      if (keepMs > 0) remember(entry);
      if (!entry.actionId || !entry.sessionId) continue;
      if (triggerOn(policy, entry.agentId) || triggerOn(sampling, entry.agentId)) jobs.push(jobOf(entry, auditDelayMs, readAt));
    }
    const horizon = clock.now() - keepMs;
    while (decisions.length > 0 && decisions[0]!.at < horizon) decisions.shift();
    await queue.enqueue(jobs);
    unqueued = [];
    scanned = true;
  }

  function remember(entry: JournalEntry): void {
    decisions.push({
      agentId: entry.agentId ?? '',
      sessionId: entry.sessionId ?? '',
      at: Date.parse(entry.at),
      action: entry.action ?? '',
      reversibility: (entry.data as { reversibility?: string }).reversibility ?? null,
      valueAtRisk: valueAtRisk.get(entry.actionId!) ?? null,
      seq: entry.seq,
      resource: entry.resource,
      correlationId: entry.correlationId,
    });
    valueAtRisk.delete(entry.actionId!);
  }

  async function handle(job: AuditJob): Promise<void> {
    const outcome: AuditOutcome = await auditor.audit(job);
    if (outcome === 'already-audited') stats.alreadyAudited += 1;
    else if (outcome !== 'missing') stats.audited += 1;
    if (job.deferred && outcome !== 'missing') {
      const { verdict, why } = await releaseIfPassed(options.runtime, job, responses.by);
      if (verdict === 'released') {
        stats.released += 1;
        say(`released held ${job.action} ${job.actionId.slice(0, 8)} of session ${job.sessionId}: its audit passed (${why})`);
      } else if (verdict === 'held') say(`kept ${job.action} ${job.actionId.slice(0, 8)} of session ${job.sessionId} held: ${why}`);
    }
  }

  async function checkDrift(): Promise<void> {
    for (const score of await newDrifts(clock.now())) {
      // Named by the decisions earlier drift findings of the agent counted, not by when it was read:
      // read again later (its decisions still in the window), by this supervisor or another, it is
      // the same finding; a drift in decisions made since is the next one.
      const subject = `drift:${score.agentId}:after:${driftCounted.get(score.agentId) ?? 0}`;
      const recorded = await unlessBusy({
        trigger: 'drift',
        subject,
        verdict: 'fail',
        summary: `decisions drifted from the agent's baseline: PSI ${score.score.toFixed(3)} on ${score.dimension} (threshold ${drift!.threshold})`,
        evidence: score as never,
        response: drift!.response ?? 'pause',
        agentId: score.agentId,
      }, score.sessions);
      if (recorded && score.throughSeq !== null) driftCounted.set(score.agentId, Math.max(driftCounted.get(score.agentId) ?? 0, score.throughSeq));
    }
  }

  /**
   * Agents whose decisions no drift finding counted yet drift at `now`. What this process recorded is
   * known here; the journal (findings by other supervisors, or before a restart) is read only when a
   * drift seems new, and is then what names it.
   */
  async function newDrifts(now: number): Promise<DriftScore[]> {
    const drifted = () =>
      driftScores(decisions, {
        now,
        windowMs: drift!.windowMs ?? 3_600_000,
        baselineMs: drift!.baselineMs ?? 7 * DAY,
        minActions: drift!.minActions ?? 20,
        dimensions: drift!.dimensions ?? DRIFT_DIMENSIONS,
        countedThrough: (agentId) => driftCounted.get(agentId) ?? 0,
      }).filter((score) => score.score >= drift!.threshold && triggerOn(drift, score.agentId));
    if (drifted().length === 0) return [];
    driftCounted = countedDecisions(await options.runtime.supervision.findings());
    return drifted();
  }

  async function checkComplaints(): Promise<void> {
    // Complaints are matched against the work read from the journal when they are read: none before it is.
    if (!scanned) return;
    const now = clock.now();
    // Under the stop's signal: a wait for the adapter's history budget (a minute, for an app outside the
    // Slack Marketplace) ends at once when the supervisor stops, and nothing more is sent.
    await withCallSignal(stopSignal.signal, () => watcher!.read(decisions));
    for (const spike of await newSpikes(now)) {
      if (!triggerOn(complaints, spike.agentId)) continue;
      // Named by its first complaint, not by when it was read: read again later (the window still
      // holds it), by this supervisor or another, it is the same finding.
      const subject = `complaints:${complaints!.channel}:${spike.agentId}:${spike.complaints[0]!.ts}`;
      const recorded = await unlessBusy({
        trigger: 'complaints',
        subject,
        verdict: 'fail',
        summary: `${spike.complaints.length} complaints in ${complaints!.channel} about the agent's work (threshold ${complaints!.threshold})`,
        evidence: { channel: complaints!.channel, complaints: spike.complaints, sessions: spike.sessions } as never,
        response: complaints!.response ?? 'pause',
        agentId: spike.agentId,
        sessionId: spike.sessions.length === 1 ? spike.sessions[0]! : null,
      }, spike.sessions);
      if (recorded) for (const complaint of spike.complaints) countedFor(spike.agentId).add(complaint.ts);
    }
  }

  /**
   * Spikes of complaints no finding cites yet. What this process recorded is known here; the journal
   * (findings by other supervisors, or before a restart) is read only when a spike seems new.
   */
  async function newSpikes(now: number): Promise<Spike[]> {
    const windowStart = now - (complaints!.windowMs ?? 3_600_000);
    for (const cited of counted.values()) for (const ts of cited) if (Number(ts) * 1000 < windowStart) cited.delete(ts);
    if (watcher!.spikes(now, countedFor).length === 0) return [];
    for (const [agentId, cited] of countedComplaints(await options.runtime.supervision.findings(), complaints!.channel)) {
      for (const ts of cited) countedFor(agentId).add(ts);
    }
    return watcher!.spikes(now, countedFor);
  }

  function countedFor(agentId: string): Set<string> {
    let cited = counted.get(agentId);
    if (!cited) counted.set(agentId, (cited = new Set()));
    return cited;
  }

  /** Records and answers a finding of a periodic check; false when another supervisor holds it (it records it). */
  async function unlessBusy(finding: NewFinding, sessions: string[]): Promise<boolean> {
    try {
      await recordAndRespond({ runtime: options.runtime, responses, onFinding, ...(later ? { later } : {}) }, finding, sessions);
      return true;
    } catch (error) {
      if (!(error instanceof FindingBusy)) {
        // Perhaps journaled and left unanswered: the sweep's next beat answers it.
        pending.noted();
        throw error;
      }
      say(`left finding ${finding.subject} to the supervisor recording it`);
      return false;
    }
  }

  /** Runs `work` every `everyMs` until stopped; a failure is reported and the loop goes on. */
  function every(everyMs: number, name: string, work: () => Promise<void>): void {
    loops.push(
      (async () => {
        while (!stopped) {
          try {
            await work();
          } catch (error) {
            // Work the stop cut short is no problem.
            if (!stopped) problem(`${name}: ${(error as Error)?.message ?? String(error)}`);
          }
          await Promise.race([clock.sleep(everyMs), stopping]);
        }
      })(),
    );
  }

  return {
    stats,
    queue,
    async start() {
      await watcher?.checkReadable(clock.now() - (complaints!.windowMs ?? 3_600_000));
      await queue.work(async (job) => {
        try {
          await handle(job);
        } catch (error) {
          problem(`audit of ${job.action} ${job.actionId}: ${(error as Error)?.message ?? String(error)}`);
          throw error;
        }
      });
      await later?.work(async (job) => {
        try {
          await answerFinding({ runtime: options.runtime, responses }, job);
        } catch (error) {
          problem(`response to finding ${job.findingId}: ${(error as Error)?.message ?? String(error)}`);
          throw error;
        }
      });
      every(pollMs, 'reading the journal', scan);
      every(pollMs, 'pending rollbacks', () => pending.sweep());
      if (drift && drift.enabled !== false) every(drift.checkEveryMs ?? 60_000, 'drift', checkDrift);
      if (watcher) every(complaints!.pollMs ?? 30_000, 'complaints', checkComplaints);
    },
    async stop() {
      stopped = true;
      wakeAll();
      stopSignal.abort();
      await queue.stop();
      await Promise.all(loops);
    },
  };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
