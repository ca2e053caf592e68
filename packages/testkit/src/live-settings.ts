// Which way a provider's live conformance file runs, read from the environment:
//   BACKSPACE_REPLAY_<P>=file       replay a recorded live run offline (allowed anywhere, CI included);
//   BACKSPACE_LIVE_<P>_<NAME>=...   run live against the real API (never in CI), and with
//   BACKSPACE_RECORD_<P>=file       record that run's exchanges for later replay.
// Otherwise the live suite does not run, and says why.

export type LiveSettings =
  | { mode: 'off'; reason: string }
  | { mode: 'replay'; recording: string }
  | { mode: 'live'; values: Record<string, string | undefined>; recording?: string };

export interface LiveVariables {
  /** Names after `BACKSPACE_LIVE_<PROVIDER>_`, e.g. TOKEN and REPO. */
  required: string[];
  optional?: string[];
  /** What the required values are, for the message that says how to run live. */
  explain: string;
}

export function readLiveSettings(provider: string, variables: LiveVariables, environment: NodeJS.ProcessEnv = process.env): LiveSettings {
  const prefix = `BACKSPACE_LIVE_${provider}_`;
  const replay = environment[`BACKSPACE_REPLAY_${provider}`];
  if (replay) return { mode: 'replay', recording: replay };
  const ci = environment.CI !== undefined && environment.CI !== '' && environment.CI !== 'false' && environment.CI !== '0';
  if (ci) return { mode: 'off', reason: `live mode never runs in CI (CI=${environment.CI}): it needs real tokens and a sandbox, and CI has neither` };
  const missing = variables.required.filter((name) => !environment[prefix + name]);
  if (missing.length === variables.required.length) {
    return { mode: 'off', reason: `live mode is off: set ${variables.required.map((name) => prefix + name).join(' and ')} (${variables.explain}) to run this suite against the real API` };
  }
  if (missing.length > 0) throw new Error(`live mode needs ${missing.map((name) => prefix + name).join(' and ')} as well (${variables.explain})`);
  const names = [...variables.required, ...(variables.optional ?? [])];
  const values = Object.fromEntries(names.map((name) => [name, environment[prefix + name] || undefined]));
  const recording = environment[`BACKSPACE_RECORD_${provider}`];
  return { mode: 'live', values, ...(recording ? { recording } : {}) };
}
