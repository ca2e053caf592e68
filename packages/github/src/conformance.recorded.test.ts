// The live mode's machinery, offline: the conformance suite runs through GitHub's public API only (the
// simulator standing in for api.github.com behind its URL, none of its back doors), recording every
// exchange with nock's recorder; then the same suite replays that recording with no server at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { readRecording, runAdapterConformance } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { apiEnvironment, simulatorAsApi } from './conformance/environments.js';

const directory = mkdtempSync(join(tmpdir(), 'backspace-github-recording-'));
const recording = join(directory, 'github-live.json');
const tokensSeen = new Set<string>();
afterAll(() => rmSync(directory, { recursive: true, force: true }));

runAdapterConformance({
  name: 'github (live mode, the simulator standing in for api.github.com, recorded)',
  mode: 'live',
  recording,
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: async () => {
    const environment = await simulatorAsApi();
    environment.recording!.secrets.forEach((token) => tokensSeen.add(token));
    return environment;
  },
  cases: githubConformanceCases,
});

describe('the recording', () => {
  it('holds every check that ran live, in order, with no token in it', () => {
    const text = readFileSync(recording, 'utf8');
    const tests = readRecording(recording).tests;
    expect(Object.keys(tests)).toContain('github.pull.merge round-trip');
    expect(Object.keys(tests)).toContain('github.issue.create human-edit');
    expect(tests['github.issue.create round-trip']!.exchanges.map((exchange) => `${exchange.method} ${String(exchange.path).split('?')[0]}`)).toContain('POST /repos/octo-org/widgets/issues');
    expect(tokensSeen.size).toBeGreaterThan(0);
    for (const token of tokensSeen) expect(text).not.toContain(token);
  });
});

runAdapterConformance({
  name: 'github (replayed from that recording, no server)',
  mode: 'replay',
  recording,
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: async (replayed) => apiEnvironment({ baseUrl: 'http://127.0.0.1:9', repo: 'unused/unused', agentToken: 'replayed-token' }, undefined, replayed),
  cases: githubConformanceCases,
});
