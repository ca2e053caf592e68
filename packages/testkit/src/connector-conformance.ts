// A connector's conformance in one call: the shared suite against its simulator; its live mode exercised
// offline (the simulator standing in for the real API behind its URL, recorded, then replayed with no
// server); and the live suite against the real API with a user's tokens (off in CI, with the reason
// printed) or replayed from such a recording. One file per connector: `conformance.test.ts`.
import type { JournalStore } from '@backspace/core';
import { runAdapterConformance, type ConformanceCase, type ConformanceEnvironment } from './adapter-conformance.js';
import { runLiveConformance, type LiveConformanceOptions } from './live-conformance.js';
import { runRecordedConformance, type RecordedConformanceOptions } from './recorded-conformance.js';

export interface ConnectorConformanceOptions {
  /** The provider, as in test names and BACKSPACE_LIVE_<NAME>_* variables (`github`). */
  name: string;
  journal(): JournalStore;
  cases: ConformanceCase[];
  /** A fresh simulator and the agent's adapter on it, with its back doors (fault injection, inspection). */
  simulator(): Promise<ConformanceEnvironment>;
  /** The live mode, offline: the simulator through its public API only, recorded, then replayed. */
  recorded: Omit<RecordedConformanceOptions, 'name' | 'journal' | 'cases'>;
  /** The live suite's variables and setup (never run in CI: without tokens it is skipped, saying why). */
  live: Omit<LiveConformanceOptions, 'name' | 'journal' | 'cases' | 'replayEnvironment' | 'replayedCases'>;
}

export function runConnectorConformance(options: ConnectorConformanceOptions): void {
  const { name, journal, cases } = options;
  runAdapterConformance({ name, journal, setup: options.simulator, cases });
  runRecordedConformance({ name, journal, cases, ...options.recorded });
  runLiveConformance({
    name,
    journal,
    cases,
    ...options.live,
    replayEnvironment: options.recorded.replayEnvironment,
    ...(options.recorded.replayedCases ? { replayedCases: options.recorded.replayedCases } : {}),
  });
}
