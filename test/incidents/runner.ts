// One incident, from its seed: a provider's simulator, session A (in this process, or in a child process
// killed at a random point), session B on the same token, people editing through the official SDK,
// faults while acting and while rolling back, one or two rollbacks at once, then the checks.
import { createRuntime, createWriterKey, type Keyring, type Runtime, type RollbackOptions, type RollbackReport, type Session, type WriterIdentity } from '@backspace/core';
import type { SimulatorRequest } from '@backspace/testkit';
import { runKilledAgent, runKilledRollback, type PlannedAction } from './child-agent.js';
import { skippingClock, type SkippingClock } from './clock.js';
import { armAgentFault, countAgentWrites } from './faults.js';
import { checkCompensationsOnce, checkDuplicates, checkRollback, checkRollbackCreations, type Violation } from './invariants.js';
import { incidentJournal } from './journal.js';
import type { IncidentEnvironment, ProviderKit } from './providers/types.js';
import { REGRESSION_SEEDS } from './regressions.js';
import { Rng } from './rng.js';
import { Ledger, type World, type Writer } from './world.js';

export interface IncidentSettings {
  /** Probability that session A runs in a child process killed at a random point. */
  childShare: number;
  /** Probability of a fault armed on an agent step. */
  faultWhileActing: number;
  /** Probability of faults armed while rolling back. */
  faultWhileRollingBack: number;
  /** Probability of two rollbacks started at once. */
  concurrentRollbacks: number;
  /** Steps (agent A, agent B, people) in an in-process run. */
  steps: [min: number, max: number];
  /** Probability that every writer signs the journal (agents A and B, the operator) and planning reads it through the keyring. */
  signedShare: number;
  /** Probability that the operator's kill switch stops an in-process agent A step while its write is held at the provider. */
  killMidWriteShare: number;
  /** Probability that the first rollback runs in a child process killed mid-way, and the operator's takes over. */
  killedRollbackShare: number;
  /** Probability that sessions A and B are rolled back together, as one incident (a supervisor's or a kill's rollback). */
  incidentShare: number;
  /** Probability that A is rolled back, then B on its own (an operator taking them one at a time, the older first). */
  olderFirstShare: number;
}

export const DEFAULT_SETTINGS: IncidentSettings = { childShare: 0.08, faultWhileActing: 0.3, faultWhileRollingBack: 0.35, concurrentRollbacks: 0.25, steps: [3, 8], signedShare: 0.25, killMidWriteShare: 0.04, killedRollbackShare: 0.1, incidentShare: 0.2, olderFirstShare: 0.15 };

export interface IncidentResult {
  seed: number;
  provider: string;
  violations: Violation[];
  /** Every action the runtime lists for the provider (runtime.listActions()). */
  declared: string[];
  /** Actions session A or B ran (whatever their outcome). */
  actions: string[];
  /** What happened, step by step: printed with a failing seed. */
  trace: string[];
  child: boolean;
  /** Whether a write of session A was left without a known outcome (killed mid-write, or unknown and not retried). */
  unsettledA: boolean;
}

interface SigningKeys {
  identities: { agentA: WriterIdentity; agentB: WriterIdentity; operator: WriterIdentity };
  keyring: Keyring;
}

/** A key for each writer of a run, all three trusted by the keyring. */
function signingKeys(): SigningKeys {
  const agentA = createWriterKey('incident-agent-a', 'agent');
  const agentB = createWriterKey('incident-agent-b', 'agent');
  const operator = createWriterKey('incident-operator', 'operator');
  return { identities: { agentA: agentA.identity, agentB: agentB.identity, operator: operator.identity }, keyring: { writers: [agentA.trusted, agentB.trusted, operator.trusted] } };
}

export async function runIncident(kit: ProviderKit, seed: number, settings: IncidentSettings = DEFAULT_SETTINGS): Promise<IncidentResult> {
  const rng = new Rng(seed);
  const clock = skippingClock();
  const environment = await kit.start(clock);
  // A SQLite file, or a fresh PostgreSQL schema with INCIDENT_JOURNAL=postgres (journal.ts).
  const journalOf = incidentJournal();
  // Drawn apart from the run's own draws, so a seed's incident is the same signed or not.
  const signing = rng.fork(9_100).chance(settings.signedShare) ? signingKeys() : undefined;
  const runtimeOnJournal = async (writer: keyof SigningKeys['identities'] = 'operator'): Promise<Runtime> => {
    const journal = await journalOf.open();
    const signed = signing ? { writer: signing.identities[writer], keyring: signing.keyring } : {};
    return createRuntime({ journal, adapters: [environment.createAdapter()], policy: [], clock, retry: { baseDelayMs: 10, maxAttempts: 4 }, ...signed });
  };
  const trace: string[] = [];
  const actions = new Set<string>();
  // Drawn apart as well, and never in a seed found before: A and B rolled back as one incident, B's
  // writes then the agent's to undo as much as A's (the ledger counts them as A's).
  const incident = !ROLLS_BACK_A_ALONE.has(seed) && rng.fork(9_400).chance(settings.incidentShare);
  // Drawn apart as well, never in a seed found before: A rolled back, then B on its own, the ledger
  // counting B's changes as the agent's (both are undone in the end), as in an incident.
  const olderFirst = !incident && !ROLLS_BACK_B_NEVER.has(seed) && rng.fork(9_600).chance(settings.olderFirstShare);
  const child = rng.chance(settings.childShare);
  try {
    const operator = await runtimeOnJournal('operator');
    if (signing) trace.push('every writer signs the journal; planning reads it through the keyring');
    if (journalOf.store !== 'sqlite') trace.push(`the journal is on ${journalOf.store}`);
    const declared = operator.listActions().map((action) => action.name);
    const run = new IncidentRun(environment, clock, rng, seed, settings, declared, trace, actions, operator, incident || olderFirst);
    if (incident) trace.push('A and B are rolled back together, as one incident');
    if (olderFirst) trace.push('A is rolled back, then B on its own');
    const agentB = await (await runtimeOnJournal('agentB')).startSession({ agentId: 'incident-agent-b', reason: 'another session on the same token' });
    let sessionA: string;
    if (child) {
      for (let count = rng.int(3); count > 0; count -= 1) await run.step(rng.chance(0.5) ? 'H' : 'B', agentB);
      const planned = await run.plan('A', 2 + rng.int(4));
      const killed = await runKilledAgent(environment, rng, journalOf.location, planned, signing && { writer: signing.identities.agentA, keyring: signing.keyring });
      run.observe('A', `A in a child process: ${planned.map((action) => `${action.action} ${JSON.stringify(action.input).slice(0, 120)}`).join('; ')}; ${killed.story}`, planned.map((action) => action.key));
      await operator.endSession(killed.sessionId, { by: 'incident-operator', reason: 'the agent process was killed' });
      sessionA = killed.sessionId;
      for (let count = 1 + rng.int(3); count > 0; count -= 1) await run.step(rng.chance(0.6) ? 'H' : 'B', agentB);
    } else {
      const agentA = await (await runtimeOnJournal('agentA')).startSession({ agentId: 'incident-agent-a', reason: 'the session rolled back' });
      const [min, max] = settings.steps;
      const steps = min + rng.int(max - min + 1);
      for (let index = 0; index < steps; index += 1) {
        const writer: Writer = index === 0 || rng.chance(0.5) ? 'A' : rng.chance(0.35) ? 'B' : 'H';
        await run.step(writer, writer === 'A' ? agentA : agentB);
      }
      await agentA.end();
      sessionA = agentA.id;
    }
    await agentB.end();
    // Drawn apart too: the incident up to here is the same whether or not an engine is killed (the
    // killed engine rolls back one session: not in a run rolling back two as one).
    const killing = rng.fork(9_200);
    const killedEngine = killing.chance(settings.killedRollbackShare) && !incident && !olderFirst
      ? () => runKilledRollback(environment, killing, journalOf.location, sessionA, clock, signing && { writer: signing.identities.operator, keyring: signing.keyring })
      : undefined;
    const sessions = incident || olderFirst ? [sessionA, agentB.id] : [sessionA];
    const violations = await rollBackAndCheck(run, operator, () => runtimeOnJournal('operator'), sessions, settings, killedEngine, olderFirst);
    const unsettledA = trace.some((line) => line.startsWith('A:') && (line.includes('a write held in flight') || (line.includes('outcome_unknown') && !line.includes('retried: ok'))));
    return { seed, provider: kit.provider, violations, declared, actions: [...actions], trace, child, unsettledA };
  } finally {
    try {
      await journalOf.dispose();
    } finally {
      await environment.close();
    }
  }
}

/** Seeds that replay an incident found before B was ever rolled back after A: it never is. */
const ROLLS_BACK_B_NEVER = new Set(Object.values(REGRESSION_SEEDS).flat().filter(({ olderFirst }) => !olderFirst).map(({ seed }) => seed));

/** Seeds that replay an incident found before A and B were ever rolled back as one: they never are. */
const ROLLS_BACK_A_ALONE = new Set(Object.values(REGRESSION_SEEDS).flat().filter(({ incident }) => !incident).map(({ seed }) => seed));

/** Seeds that replay an incident found before the kill switch stopped steps mid-write: they never do. */
const KILLS_NOTHING = new Set(Object.values(REGRESSION_SEEDS).flat().filter(({ killsMidWrite }) => !killsMidWrite).map(({ seed }) => seed));

/** How long the provider holds a write the kill switch stops (real ms: the agent's runtime polls the kill switch every 200 ms). */
const HELD_MS = 500;

/** How long a person takes between two edits, at least (see `IncidentRun.step`). */
const PERSON_PAUSE_MS = 1_000;

/** The run's state: the environment, the ledger of who changed what, and the trace. */
class IncidentRun {
  readonly ledger: Ledger;
  current: World;
  private counter = 0;
  private observed = 0;

  /** `incident`: B is rolled back with A, so the ledger counts B's changes as the agent's (A's). */
  constructor(readonly environment: IncidentEnvironment, readonly clock: SkippingClock, readonly rng: Rng, readonly seed: number, readonly settings: IncidentSettings, readonly declared: string[], readonly trace: string[], readonly actions: Set<string>, readonly operator: Runtime, readonly incident = false) {
    this.current = environment.observe();
    this.ledger = new Ledger(this.current);
  }

  observe(writer: Writer, what: string, keys: string[] = []): void {
    const next = this.environment.observe();
    const changes = this.ledger.record(this.incident && writer === 'B' ? 'A' : writer, this.observed++, this.current, next, keys);
    this.current = next;
    this.trace.push(`${writer}: ${what} (${changes} change(s) seen)`);
  }

  /** An action drawn from the declared ones that fits the current state, tagged for this writer. */
  async draw(writer: 'A' | 'B', names: string[]): Promise<PlannedAction | undefined> {
    const tag = `t${writer.toLowerCase()}${(this.counter += 1)}`;
    for (let tries = 0; tries < 12; tries += 1) {
      const action = this.rng.pick(names);
      const input = await this.environment.agentInput(action, this.rng, tag);
      if (input !== undefined) return { action, input, key: `${writer}-${this.seed}-${tag}` };
    }
    return undefined;
  }

  /** Actions for a session that runs elsewhere, drawn against the state now. */
  async plan(writer: 'A' | 'B', count: number): Promise<PlannedAction[]> {
    const planned: PlannedAction[] = [];
    for (let index = 0; index < count; index += 1) {
      const next = await this.draw(writer, this.declared);
      if (next) planned.push(next);
    }
    planned.forEach((action) => this.actions.add(action.action));
    return planned;
  }

  async step(writer: Writer, session: Session): Promise<void> {
    if (writer === 'H') {
      // A person takes a moment to act: each of their edits comes at least a second after what came
      // before, never within the same second as an agent's write (GitHub's `updated_at`, the version a
      // rollback compares before it reads who set a field last, counts whole seconds).
      this.clock.advance(PERSON_PAUSE_MS);
      const tag = `th${(this.counter += 1)}`;
      let what: string;
      try {
        what = await this.environment.humanEdit(this.rng, tag);
      } catch (error) {
        what = `a person's edit failed: ${(error as Error).message.slice(0, 120)}`;
      }
      this.observe('H', what);
      return;
    }
    const planned = await this.draw(writer, this.declared);
    if (!planned) return;
    this.actions.add(planned.action);
    // Drawn apart, so the draws before it stay as they were; never in a seed that replays an older incident.
    if (writer === 'A' && !KILLS_NOTHING.has(this.seed) && this.rng.fork(9_300 + this.observed).chance(this.settings.killMidWriteShare)) return this.killMidWrite(planned, session);
    const fault = this.rng.chance(this.settings.faultWhileActing) ? armAgentFault(this.environment, this.rng) : undefined;
    let outcome = 'ok';
    try {
      await session.run(planned.action, planned.input, { idempotencyKey: planned.key });
    } catch (error) {
      outcome = (error as { code?: string }).code ?? (error as Error).message.slice(0, 80);
      this.environment.faults.clear();
      // An agent framework retries a call whose outcome it does not know, with the same key.
      if (outcome === 'outcome_unknown' && this.rng.chance(0.6)) {
        try {
          await session.run(planned.action, planned.input, { idempotencyKey: planned.key });
          outcome += ', retried: ok';
        } catch (retryError) {
          outcome += `, retried: ${(retryError as { code?: string }).code ?? 'error'}`;
        }
      }
    }
    this.environment.faults.clear();
    this.environment.settle?.(this.rng);
    this.observe(writer, `${planned.action} ${JSON.stringify(planned.input).slice(0, 160)}${fault ? ` [fault: ${fault}]` : ''} -> ${outcome}`, [planned.key]);
    // Seeing the bot fail, a person may do the same by hand (drawn on a side generator: the run's own
    // draws stay as they were).
    const unknown = outcome.startsWith('outcome_unknown') && !outcome.includes('retried: ok');
    if (writer === 'A' && unknown && this.environment.humanRepeat && this.rng.fork(7_000 + this.observed).chance(0.8)) await this.repeatByHand(planned);
  }

  /**
   * The operator's kill switch stops the agent's call while the provider holds its write: the call
   * returns at once, and the write lands a moment later, within the in-flight time, as a real provider's
   * would. The session is stopped: its later steps are refused.
   */
  private async killMidWrite(planned: PlannedAction, session: Session): Promise<void> {
    let held = 0;
    const agentWrite = (request: SimulatorRequest) => request.user?.token === this.environment.agentToken && this.environment.isWrite(request) && held++ === 0;
    this.environment.faults.inject({ kind: 'delay', ms: HELD_MS, clock: 'real', when: agentWrite });
    const call = session.run(planned.action, planned.input, { idempotencyKey: planned.key }).then(
      () => 'ok',
      (error: unknown) => (error as { code?: string }).code ?? 'error',
    );
    // The kill comes once the write is at the provider (or the call ended without one: a refusal).
    for (let waited = 0; held === 0 && waited < HELD_MS; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.operator.kill({ scope: { sessionId: session.id }, reason: 'stopped mid-write by the incident fuzzer', by: 'incident-operator' });
    const outcome = await call;
    // The held write lands before anything else happens, so what it changed is seen as the agent's.
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    this.environment.faults.clear();
    this.observe('A', `${planned.action} ${JSON.stringify(planned.input).slice(0, 160)} [killed mid-write: a write held in flight] -> ${outcome}`, [planned.key]);
  }

  private async repeatByHand(planned: PlannedAction): Promise<void> {
    this.clock.advance(PERSON_PAUSE_MS);
    let what: string | undefined;
    try {
      what = await this.environment.humanRepeat!(planned.action, planned.input);
    } catch (error) {
      what = `a person's repeat failed: ${(error as Error).message.slice(0, 120)}`;
    }
    if (what !== undefined) this.observe('H', what);
  }
}

/** Counts and each step's status and outcome, with the error of a failed one. */
function describeReport(report: RollbackReport): string {
  const steps = report.steps.map((step) => `${step.action}=${step.status}/${step.outcome}${step.outcome === 'failed' ? ` (${JSON.stringify(step.error).slice(0, 400)})` : ''}`);
  return `${JSON.stringify(report.counts)} ${steps.join(' ')}`;
}

const UNSETTLED = /outcome unknown|still in flight|intent is missing/;

/** Rolls back session A, or A and B as one incident, or (`olderFirst`) A and then B on its own. */
function rollBackWith(sessions: string[], olderFirst = false) {
  if (olderFirst) return async (runtime: Runtime, options: RollbackOptions = {}): Promise<RollbackReport> => asOne(await runtime.rollback(sessions[0]!, options), await runtime.rollback(sessions[1]!, options));
  return (runtime: Runtime, options: RollbackOptions = {}): Promise<RollbackReport> => (sessions.length === 1 ? runtime.rollback(sessions[0]!, options) : runtime.rollbackIncident({ sessions }, options));
}

/**
 * A's rollback, then B's, as the checker reads them: what A's rollback kept as a conflict on a resource
 * B's report has a step on is B's report's to tell (B's rollback finishes it, or names it); everything
 * else A's report said stands (what it undid, corrected with a gentler inverse, or kept elsewhere).
 */
function asOne(first: RollbackReport, second: RollbackReport): RollbackReport {
  const touched = new Set(second.steps.map((step) => step.resource));
  const keptThere = first.steps.filter((step) => step.outcome === 'conflict' && touched.has(step.resource));
  const steps = [...second.steps, ...first.steps.filter((step) => !keptThere.includes(step))];
  const residue = [...second.residue, ...first.residue.filter((line) => keptThere.every((step) => !line.includes(step.resource)))];
  const count = (outcome: string) => steps.filter((step) => step.outcome === outcome).length;
  return { ...second, steps, residue, executed: first.executed + second.executed, counts: { ...second.counts, failed: count('failed'), unreachable: count('unreachable'), conflicts: count('conflict') } };
}

async function rollBackAndCheck(run: IncidentRun, operator: Runtime, another: () => Promise<Runtime>, sessions: string[], settings: IncidentSettings, killedEngine?: () => Promise<string>, olderFirst = false): Promise<Violation[]> {
  const { environment, rng, trace, ledger } = run;
  const rollBack = rollBackWith(sessions, olderFirst);
  const sessionId = sessions.join(' ');
  const before = run.current;
  const violations: Violation[] = [...checkDuplicates(before)];
  // A first engine killed mid-way: what follows takes over from what it left.
  if (killedEngine) trace.push(await killedEngine());
  const faults = rng.chance(settings.faultWhileRollingBack) ? Array.from({ length: 1 + rng.int(2) }, () => armAgentFault(environment, rng, { within: 10 })) : [];
  // With faults armed, steps run one at a time so the n-th request, and so the seed, picks the same victim.
  const options = faults.length ? { concurrency: 1 } : {};
  let reports: RollbackReport[];
  if (rng.chance(settings.concurrentRollbacks)) {
    // The second engine's store is open before either starts, so both start together on any journal.
    const second = await another();
    const results = await Promise.allSettled([rollBack(operator, options), rollBack(second, options)]);
    reports = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    for (const result of results) {
      if (result.status === 'rejected' && (result.reason as { code?: string }).code !== 'rollback_in_progress') throw result.reason;
    }
    trace.push(`two rollbacks at once: ${results.map((result) => (result.status === 'fulfilled' ? `ran ${result.value.executed}` : 'refused')).join(', ')}${faults.length ? ` [faults: ${faults.join('; ')}]` : ''}`);
    if (reports.length === 0) throw new Error('both concurrent rollbacks were refused');
  } else {
    reports = [await rollBack(operator, options)];
    trace.push(`rollback${faults.length ? ` [faults: ${faults.join('; ')}]` : ''}`);
  }
  environment.faults.clear();
  for (const report of reports) trace.push(`  report: ${describeReport(report)}${report.residue.length ? ` residue: ${report.residue.join(' | ').slice(0, 400)}` : ''}`);
  let after = environment.observe();
  violations.push(...checkRollback(ledger, before, after, { steps: reports.flatMap((report) => report.steps), residue: reports.flatMap((report) => report.residue) }, environment));

  let last = reports.at(-1)!;
  const leftToRetry = (report: RollbackReport) => report.counts.failed + report.counts.unreachable > 0 || report.residue.some((line) => UNSETTLED.test(line));
  if (reports.some(leftToRetry)) {
    // An operator rolls back again once the provider answers: whatever the first pass left is finished now.
    last = await rollBack(operator);
    trace.push(`rollback again: ${describeReport(last)}`);
    after = environment.observe();
    // Its steps say what is left now; the traces every pass named (a revert commit stays) still stand.
    violations.push(...checkRollback(ledger, before, after, { steps: last.steps, residue: [...reports.flatMap((report) => report.residue), ...last.residue] }, environment));
  }
  // (A conflict may clear once the steps before it ran: rolling back again may then undo it, rightly.)
  if (!leftToRetry(last) && last.counts.conflicts === 0) {
    // A complete rollback leaves nothing to do: another one runs no compensation and writes nothing.
    const { result: again, writes } = await countAgentWrites(environment, () => rollBack(operator));
    if (again.executed > 0 || writes > 0) violations.push({ kind: 'doubleUndo', item: sessionId, detail: `a rollback after a complete one ran ${again.executed} compensation(s) and sent ${writes} write(s) again` });
  }
  violations.push(...checkRollbackCreations(before, environment.observe()));
  for (const session of sessions) violations.push(...checkCompensationsOnce(await operator.journal.sessionEntries(session)));
  return violations;
}
