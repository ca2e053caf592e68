// A provider's live conformance file in one call: off with the reason printed (no tokens, or CI), live
// against the real API with the user's tokens and sandbox (recorded when asked), or replayed from such
// a recording. A second user's token (BACKSPACE_LIVE_<P>_HUMAN_TOKEN) is what the human-edit checks need;
// without it they are skipped with that reason, and a replay skips them when the run it replays did.
import { describe, it } from 'vitest';
import type { JournalStore } from '@backspace/core';
import { runAdapterConformance, type ConformanceCase, type ConformanceCheck, type ConformanceEnvironment, type Replayed } from './adapter-conformance.js';
import { readLiveSettings, type LiveVariables } from './live-settings.js';
import { readRecording } from './recording.js';

export interface LiveConformanceOptions {
  /** The provider, as in test names (`slack`); its variables are BACKSPACE_LIVE_<NAME>_*. */
  name: string;
  /** The sandbox's variables besides TOKEN and HUMAN_TOKEN, which every provider has. */
  variables: { required: string[]; optional?: string[]; explain: string };
  /** Who the second user must be, for the message when HUMAN_TOKEN is not given. */
  secondUser: string;
  journal(): JournalStore;
  cases: ConformanceCase[];
  /** The cases to replay, when some cannot replay (default: `cases`). */
  replayedCases?: ConformanceCase[];
  /** Checks the variables (throwing an error that names a malformed one) and returns the live setup. */
  live(values: Record<string, string | undefined>): () => Promise<ConformanceEnvironment>;
  /** The environment a replayed test stands up (see runRecordedConformance). */
  replayEnvironment(replayed?: Replayed): Promise<ConformanceEnvironment>;
}

export function runLiveConformance(options: LiveConformanceOptions): void {
  const provider = options.name.toUpperCase();
  const variables: LiveVariables = {
    required: ['TOKEN', ...options.variables.required],
    optional: ['HUMAN_TOKEN', ...(options.variables.optional ?? [])],
    explain: options.variables.explain,
  };
  const settings = readLiveSettings(provider, variables);
  const noSecondUser: Partial<Record<ConformanceCheck, string>> = { 'human-edit': `no second user: set BACKSPACE_LIVE_${provider}_HUMAN_TOKEN to ${options.secondUser}` };

  if (settings.mode === 'off') {
    console.warn(`[conformance ${options.name} live] skipped: ${settings.reason}`);
    describe(`adapter conformance: ${options.name} (live)`, () => it.skip(`skipped: ${settings.reason}`, () => undefined));
  } else if (settings.mode === 'live') {
    runAdapterConformance({
      name: `${options.name} (live)`,
      mode: 'live',
      ...(settings.recording ? { recording: settings.recording } : {}),
      ...(settings.values.HUMAN_TOKEN ? {} : { skipChecks: noSecondUser }),
      journal: options.journal,
      setup: options.live(settings.values),
      cases: options.cases,
    });
  } else {
    const recorded = Object.keys(readRecording(settings.recording).tests);
    runAdapterConformance({
      name: `${options.name} (replayed)`,
      mode: 'replay',
      recording: settings.recording,
      ...(recorded.some((key) => key.endsWith(' human-edit')) ? {} : { skipChecks: noSecondUser }),
      journal: options.journal,
      setup: (replayed) => options.replayEnvironment(replayed),
      cases: options.replayedCases ?? options.cases,
    });
  }
}
