// Recording a live conformance run with nock's recorder, and replaying it offline. A recording holds,
// per conformance test, the exchanges in the order they happened (tokens scrubbed) and what the
// environment needs to stand up again without the network: the API's base URL and the sandbox's names.
import { readFileSync, writeFileSync } from 'node:fs';
import nock from 'nock';
import { scrubSecrets, toJson, type Json } from '@backspace/core';

export interface RecordedTest {
  /** The API the exchanges went to, e.g. `https://api.github.com`. */
  baseUrl: string;
  /** What the provider's environment chose for this test (sandbox names, run id), to choose it again. */
  meta: Json;
  exchanges: nock.Definition[];
}

export interface Recording {
  recordedAt: string;
  tests: Record<string, RecordedTest>;
}

/** Starts capturing every HTTP exchange of this process (fetch included); request headers are never kept. */
export function startRecording(): void {
  nock.restore();
  nock.recorder.clear();
  nock.recorder.rec({ dont_print: true, output_objects: true, enable_reqheaders_recording: false });
}

/**
 * Stops capturing and returns what was captured, with every given secret replaced wherever it appears
 * (paths, bodies, headers, keys) by the marker the journal uses, core's REDACTED.
 */
export function stopRecording(secrets: readonly string[]): nock.Definition[] {
  const captured = (nock.recorder.play() as nock.Definition[]).map(({ reqheaders: _requestHeaders, ...exchange }) => exchange);
  nock.restore();
  nock.recorder.clear();
  return scrubSecrets(toJson(captured), secrets) as unknown as nock.Definition[];
}

/**
 * Serves the exchanges in their recorded order, with their recorded status, body and headers. Requests
 * are matched by method and path only: bodies and query strings hold run-specific values (idempotency
 * keys, timestamps) that differ on every run, and a path matches however its characters were escaped
 * (clients differ: `heads/main` or `heads%2Fmain`). Nothing else may leave the process while it is active.
 */
export function replayExchanges(exchanges: readonly nock.Definition[]): { pending(): string[]; stop(): void } {
  // A recording in this process ends with nock.restore(), which also stops interception.
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  const served = exchanges.map(() => false);
  exchanges.forEach((exchange, index) => {
    const method = (exchange.method ?? 'GET').toUpperCase();
    const path = pathOnly(String(exchange.path));
    const headers = Object.fromEntries(Object.entries(exchange.rawHeaders ?? {}).filter(([name]) => !['content-length', 'transfer-encoding', 'content-encoding'].includes(name.toLowerCase())));
    nock(String(exchange.scope))
      .intercept((uri: string) => pathOnly(uri) === path, method)
      .reply(() => {
        served[index] = true;
        return [exchange.status ?? 200, exchange.response as nock.Body, headers as Record<string, string>];
      });
  });
  return {
    pending: () => exchanges.filter((_exchange, index) => !served[index]).map((exchange) => `${(exchange.method ?? 'GET').toUpperCase()} ${String(exchange.scope)}${String(exchange.path)}`),
    stop: () => {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

const pathOnly = (uri: string) => decodeURIComponent(uri.split('?')[0]!);

export function readRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the recording ${file}: ${(error as Error).message}`);
  }
  const recording = JSON.parse(text) as Recording;
  if (typeof recording !== 'object' || recording === null || typeof recording.tests !== 'object') throw new Error(`${file} is not a Backspace conformance recording (no "tests")`);
  return recording;
}

export function writeRecording(file: string, tests: Record<string, RecordedTest>): void {
  const recording: Recording = { recordedAt: new Date().toISOString(), tests };
  writeFileSync(file, `${JSON.stringify(recording, null, 1)}\n`);
}
