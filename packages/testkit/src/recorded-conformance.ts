// A provider's live mode, exercised offline: the conformance suite runs in live mode through the
// provider's public API only (its simulator standing in for the real service behind its URL, none of
// its back doors), recorded with nock's recorder; the recording is checked (every check, no token);
// then the same suite replays it with no server at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalStore } from '@backspace/core';
import { runAdapterConformance, type ConformanceCase, type ConformanceEnvironment, type Replayed } from './adapter-conformance.js';
import { readRecording, type Recording } from './recording.js';

export interface RecordedConformanceOptions {
  /** The provider, as in test names and temp files (`github`). */
  name: string;
  /** What the simulator stands in for, for test names (`api.github.com`). */
  standsInFor: string;
  journal(): JournalStore;
  cases: ConformanceCase[];
  /** The cases to replay, when some cannot replay (default: `cases`). */
  replayedCases?: ConformanceCase[];
  /** A fresh simulator, reached only through its public API, with `recording` naming its tokens. */
  simulatorAsApi(): Promise<ConformanceEnvironment>;
  /** The environment a replayed test stands up: the recorded base URL and meta, stand-in tokens (none given: a test that makes no request). */
  replayEnvironment(replayed?: Replayed): Promise<ConformanceEnvironment>;
  /** The provider's own checks of what was recorded (which requests a check made). */
  checkRecording?(recording: Recording): void;
}

export function runRecordedConformance(options: RecordedConformanceOptions): void {
  const directory = mkdtempSync(join(tmpdir(), `backspace-${options.name}-recording-`));
  const file = join(directory, `${options.name}-live.json`);
  const tokens = new Set<string>();
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  runAdapterConformance({
    name: `${options.name} (live mode, the simulator standing in for ${options.standsInFor}, recorded)`,
    mode: 'live',
    recording: file,
    journal: options.journal,
    setup: async () => {
      const environment = await options.simulatorAsApi();
      for (const token of environment.recording?.secrets ?? []) if (token) tokens.add(token);
      return environment;
    },
    cases: options.cases,
  });

  describe(`${options.name}: the recording`, () => {
    it('holds every check that ran live, with no token in it', () => {
      const recording = readRecording(file);
      const roundTrips = options.cases.filter((entry) => !entry.skip?.['round-trip']).map((entry) => `${entry.action} round-trip`);
      expect(Object.keys(recording.tests)).toEqual(expect.arrayContaining(roundTrips));
      expect(tokens.size).toBeGreaterThan(0);
      const text = readFileSync(file, 'utf8');
      for (const token of tokens) expect(text).not.toContain(token);
      options.checkRecording?.(recording);
    });
  });

  runAdapterConformance({
    name: `${options.name} (replayed from that recording, no server)`,
    mode: 'replay',
    recording: file,
    journal: options.journal,
    setup: (replayed) => options.replayEnvironment(replayed),
    cases: options.replayedCases ?? options.cases,
  });
}

/** `METHOD /path` of each exchange a recorded check made, without query strings. */
export function recordedRequests(recording: Recording, key: string): string[] {
  const test = recording.tests[key];
  if (!test) throw new Error(`the recording holds no exchanges for "${key}"`);
  return test.exchanges.map((exchange) => `${exchange.method} ${String(exchange.path).split('?')[0]}`);
}
