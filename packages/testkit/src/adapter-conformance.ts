// The suite every adapter passes against its simulator: for each declared action, do then undo; a
// dropped response retried by key writes once; 429s are waited out; a human's later edit survives
// rollback; the declared class matches what the inverse achieves; bad input never reaches the provider.
import { afterAll, describe, expect, it } from 'vitest';
import { actionResource, compensationOperations, createRuntime, scaledClock, systemClock, type Adapter, type Compensation, type Json, type JournalStore, type ResourceRef, type Runtime } from '@backspace/core';
import { readRecording, replayExchanges, startRecording, stopRecording, writeRecording, type RecordedTest, type Recording } from './recording.js';
import { compilePathPattern, type RequestPredicate, type SimulatorHandle } from '@backspace/simulator-kit';
import { expectInversesFit, forgedInputs, rollBackForged } from './forged-inverse.js';

export interface ConformanceEnvironment {
  /** The agent's adapter, pointed at the simulator (or, in live mode, at the real API). */
  adapter: Adapter;
  /** The simulator; absent in live mode, where the checks that need fault injection are skipped. */
  simulator?: SimulatorHandle<unknown, unknown>;
  /** A resource's state read straight from the simulator or the API (never through the adapter), comparable as JSON. */
  inspect(resource: ResourceRef): Json | null | Promise<Json | null>;
  /** Brings the sandbox to the state the cases expect, before each check (a live sandbox keeps earlier runs' changes). */
  prepare?(): Promise<void>;
  /** For recording: the API's base URL, what to keep to stand the environment up again offline, and the secrets to scrub. */
  recording?: { baseUrl: string; meta: Json; secrets: string[] };
  close(): Promise<void>;
}

/** What a replayed test was recorded with: `setup` points its clients at `baseUrl` and reuses `meta`. */
export type Replayed = Pick<RecordedTest, 'baseUrl' | 'meta'>;

export type ConformanceCheck = 'round-trip' | 'dropped-response' | 'rate-limited' | 'human-edit' | 'bad-input' | 'forged-inverse';

export interface ConformanceCase {
  action: string;
  /** Prepares what the action needs (as a human or straight in the simulator) and returns valid input. */
  arrange(environment: ConformanceEnvironment): Promise<unknown>;
  /** Input the action must refuse before sending anything. */
  invalidInput: unknown;
  /** The action's write request, for faults and for counting writes. */
  write: { method: string; path: string; when?: RequestPredicate };
  /** Counts the write's effects when a request count cannot tell (GraphQL). Default: requests to `write`. */
  countWrites?(environment: ConformanceEnvironment): number | Promise<number>;
  /**
   * Edits the resource as another user after the agent's write; returns a check that the edit survived,
   * given the resource's state after rollback (it may read more through the environment, so it may be async).
   */
  humanEdit?(environment: ConformanceEnvironment, resource: ResourceRef, result: unknown): Promise<(state: Json | null) => void | Promise<void>>;
  /** For a compensatable action: checks the state after rollback is the declared residue and nothing else. */
  residue?(after: Json | null, before: Json | null): void;
  /** Checks this case does not run, each with the reason printed. */
  skip?: Partial<Record<ConformanceCheck, string>>;
}

export interface AdapterConformanceOptions {
  name: string;
  /** A fresh simulator and adapter for each test (in replay mode, pointed at what the test was recorded with). */
  setup(replayed?: Replayed): Promise<ConformanceEnvironment>;
  /** A fresh journal for each test (the suite closes it). */
  journal(): JournalStore;
  cases: ConformanceCase[];
  /**
   * `live`: against the real API with the user's tokens and sandbox (never in CI); `replay`: a live run's
   * recording served offline by nock. Both skip, with that reason, the checks that need a simulator
   * (dropped responses, injected 429s).
   */
  mode?: 'simulator' | 'live' | 'replay';
  /** In live mode, record every test's exchanges into this file; in replay mode, the recording to serve. */
  recording?: string;
  /** Checks skipped for every case, each with its reason (a live sandbox without a second user, say). */
  skipChecks?: Partial<Record<ConformanceCheck, string>>;
}

const SIMULATOR_ONLY: ConformanceCheck[] = ['dropped-response', 'rate-limited', 'forged-inverse'];
const OFFLINE_REASONS = {
  live: 'live mode: faults cannot be injected into the real API',
  replay: 'replay: a recording of a live run holds no injected faults',
} as const;
/** The forged-inverse check checks the adapter's own schemas, the same against any API: its many extra rollbacks stay off real sandboxes. */
const SCHEMA_ONLY_REASON = 'checks the adapter\'s input schemas, which the simulator run covers; its extra rollbacks stay off real APIs';

export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const recordTo = options.mode === 'live' ? options.recording : undefined;
  if (options.mode === 'replay' && !options.recording) throw new Error('replay mode needs the recording to serve (options.recording)');
  let replayFrom: Recording | undefined;
  const recorded: Record<string, RecordedTest> = {};

  describe(`adapter conformance: ${options.name}`, () => {
    if (recordTo) afterAll(() => writeRecording(recordTo, recorded));

    it('has a case for every declared action', async () => {
      const environment = await options.setup();
      try {
        const declared = environment.adapter.actions.map((action) => action.name).sort();
        expect(options.cases.map((entry) => entry.action).sort()).toEqual(declared);
      } finally {
        await environment.close();
      }
    });

    it('declares the input every compensation operation accepts', async () => {
      const environment = await options.setup();
      try {
        const undeclared = Object.entries(compensationOperations(environment.adapter)).filter(([, operation]) => !operation.input).map(([name]) => name);
        expect(undeclared).toEqual([]);
      } finally {
        await environment.close();
      }
    });

    for (const entry of options.cases) {
      describe(entry.action, () => {
        check(entry, 'round-trip', 'do, then roll back: the state is back as before, or the declared residue; the class holds', async ({ environment, runtime }) => {
          const definition = environment.adapter.actions.find((action) => action.name === entry.action)!;
          const input = await entry.arrange(environment);
          const target = definition.target?.(definition.input.parse(input));
          const before = target ? await environment.inspect(target) : null;
          const session = await runtime.startSession({ agentId: 'conformance' });
          const result = await session.run(entry.action, input);
          await session.end();
          // An action on an existing resource stages its inverse with its intent, before the write; one
          // that cannot (it needs the answer) answers null instead of throwing.
          const intent = (await runtime.journal.sessionEntries(session.id)).find((journaled) => journaled.type === 'action.intent');
          expect((intent?.data as { stagingError?: string } | null)?.stagingError, `${entry.action} stages its inverse before the write`).toBeUndefined();
          const resource = actionResource(definition, definition.input.parse(input), result);
          const plan = await runtime.planRollback(session.id);
          if (definition.reversibility === 'irreversible') {
            expect(plan.steps[0]!.status).toBe('irreversible');
            return;
          }
          expect(plan.steps[0]!.status).toBe('undo');
          const report = await runtime.rollback(session.id);
          expect(report.steps[0]!.outcome, JSON.stringify(report.steps[0]!.error ?? null)).toBe('verified');
          const after = await environment.inspect(resource);
          if (definition.reversibility === 'compensatable' && entry.residue) entry.residue(after, before);
          else expect(after).toEqual(before);
        });

        check(entry, 'dropped-response', 'a write whose response was dropped after commit, retried with its key, writes once', async ({ environment, runtime }) => {
          const input = await entry.arrange(environment);
          const writesBefore = await countWrites(entry, environment);
          environment.simulator.faults.inject({ method: entry.write.method, path: entry.write.path, ...(entry.write.when ? { when: entry.write.when } : {}), kind: 'drop-after-commit' });
          const session = await runtime.startSession({ agentId: 'conformance' });
          await session.run(entry.action, input);
          expect(await countWrites(entry, environment)).toBe(writesBefore + 1);
        });

        check(entry, 'rate-limited', 'a rate-limited write is retried after Retry-After and succeeds', async ({ environment, runtime }) => {
          const input = await entry.arrange(environment);
          environment.simulator.faults.inject({ method: entry.write.method, path: entry.write.path, ...(entry.write.when ? { when: entry.write.when } : {}), kind: 'rate-limit', retryAfterSeconds: 1 });
          const session = await runtime.startSession({ agentId: 'conformance' });
          await expect(session.run(entry.action, input)).resolves.toBeDefined();
          expect(environment.simulator.faults.fired().map((fault) => fault.kind)).toContain('rate-limit');
        });

        check(entry, 'human-edit', 'an edit by another user after the agent’s write survives rollback', async ({ environment, runtime }) => {
          const definition = environment.adapter.actions.find((action) => action.name === entry.action)!;
          const input = await entry.arrange(environment);
          const session = await runtime.startSession({ agentId: 'conformance' });
          const result = await session.run(entry.action, input);
          await session.end();
          const resource = actionResource(definition, definition.input.parse(input), result);
          const survived = await entry.humanEdit!(environment, resource, result);
          const report = await runtime.rollback(session.id);
          expect(report.byOutcome.failed, JSON.stringify(report.steps.map((step) => step.error ?? null))).toBe(0);
          await survived(await environment.inspect(resource));
        });

        check(entry, 'bad-input', 'bad input is refused with a typed error and never reaches the simulator', async ({ environment, runtime }) => {
          const requests = environment.simulator?.log.entries().length;
          const session = await runtime.startSession({ agentId: 'conformance' });
          await expect(session.run(entry.action, entry.invalidInput)).rejects.toMatchObject({ code: 'invalid_input' });
          if (environment.simulator) expect(environment.simulator.log.entries().length).toBe(requests);
        });

        check(entry, 'forged-inverse', 'the staged inverses fit their operations; a forged or mistyped one fails its step and touches nothing', async ({ environment, runtime }) => {
          const definition = environment.adapter.actions.find((action) => action.name === entry.action)!;
          const input = await entry.arrange(environment);
          const session = await runtime.startSession({ agentId: 'conformance' });
          const result = await session.run(entry.action, input);
          await session.end();
          const committed = (await runtime.journal.sessionEntries(session.id)).find((logged) => logged.type === 'action.committed')!;
          const compensation = (committed.data as { compensation: Compensation | null }).compensation;
          expectInversesFit(environment.adapter, compensation);
          if (!compensation) {
            expect(definition.reversibility).toBe('irreversible');
            console.warn(`[conformance ${options.name}] ${entry.action} forged-inverse: no inverse to forge (irreversible)`);
            return;
          }
          const resource = actionResource(definition, definition.input.parse(input), result);
          const before = await environment.inspect(resource);
          const forged = forgedInputs(compensation.input);
          for (const [index, forgery] of forged.entries()) {
            const step = await rollBackForged(runtime, committed, compensation, forgery.input, index);
            expect(step, forgery.what).toMatchObject({ outcome: 'failed', error: { message: expect.stringMatching(/does not fit the operation/) } });
          }
          expect(await environment.inspect(resource)).toEqual(before);
          // The same inverse with its own input still runs: the forged ones were refused for their input alone.
          const report = await runtime.rollback(session.id);
          expect(report.steps[0]!.outcome, JSON.stringify(report.steps[0]!.error ?? null)).toBe('verified');
        });
      });
    }

    function check(entry: ConformanceCase, name: ConformanceCheck, title: string, body: (context: { environment: ConformanceEnvironment & { simulator: SimulatorHandle<unknown, unknown> }; runtime: Runtime }) => Promise<void>): void {
      const offline = options.mode && options.mode !== 'simulator' && SIMULATOR_ONLY.includes(name) ? (name === 'forged-inverse' ? SCHEMA_ONLY_REASON : OFFLINE_REASONS[options.mode]) : undefined;
      const reason = offline ?? options.skipChecks?.[name] ?? entry.skip?.[name] ?? (name === 'human-edit' && !entry.humanEdit ? 'the case declares no human edit' : undefined);
      if (reason) {
        it.skip(`${title} (skipped: ${reason})`, () => undefined);
        console.warn(`[conformance ${options.name}] ${entry.action} ${name} skipped: ${reason}`);
        return;
      }
      const key = `${entry.action} ${name}`;
      it(title, async () => {
        const replay = options.mode === 'replay' ? startReplay(key) : undefined;
        if (recordTo) startRecording();
        let environment: ConformanceEnvironment | undefined;
        let journal: JournalStore | undefined;
        let passed = false;
        try {
          environment = await options.setup(replay?.replayed);
          journal = options.journal();
          // Retry-After waits run 100x fast against a simulator, which keeps its own clock; a real API's are waited out in full.
          const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: options.mode === 'live' ? systemClock : scaledClock(100) });
          await environment.prepare?.();
          await body({ environment: environment as ConformanceEnvironment & { simulator: SimulatorHandle<unknown, unknown> }, runtime });
          passed = true;
        } finally {
          await journal?.close();
          await environment?.close();
          // Recording and replaying stop whatever happened, so the next check starts clean.
          if (recordTo) {
            const exchanges = stopRecording(environment?.recording?.secrets ?? []);
            if (environment?.recording) recorded[key] = { baseUrl: environment.recording.baseUrl, meta: environment.recording.meta, exchanges };
          }
          const unused = replay?.stop() ?? [];
          // A replay that did not ask for everything that was recorded took another path than the live run.
          if (passed && unused.length > 0) throw new Error(`the replay left ${unused.length} recorded exchanges unused, first: ${unused[0]}`);
        }
      });
    }

    function startReplay(key: string): { replayed: Replayed; stop(): string[] } {
      replayFrom ??= readRecording(options.recording!);
      const test = replayFrom.tests[key];
      if (!test) throw new Error(`the recording ${options.recording} holds no exchanges for "${key}": record the live run again`);
      const serving = replayExchanges(test.exchanges);
      return {
        replayed: { baseUrl: test.baseUrl, meta: test.meta },
        stop: () => {
          const unused = serving.pending();
          serving.stop();
          return unused;
        },
      };
    }
  });
}

async function countWrites(entry: ConformanceCase, environment: ConformanceEnvironment): Promise<number> {
  if (entry.countWrites) return entry.countWrites(environment);
  const pattern = compilePathPattern(entry.write.path);
  // The log keeps no bodies, so `write.when` cannot narrow this count: one-endpoint APIs (GraphQL) give countWrites.
  return (environment.simulator?.log.entries() ?? []).filter((logged) => logged.method === entry.write.method && pattern.match(logged.path)).length;
}
