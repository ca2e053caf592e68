// The live mode's machinery, offline: the suite through GitHub's public API only against the simulator
// standing in for api.github.com, recorded with nock's recorder, then replayed with no server at all.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runRecordedConformance } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { replayEnvironment, simulatorAsApi } from './conformance/environments.js';

runRecordedConformance({
  name: 'github',
  standsInFor: 'api.github.com',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: githubConformanceCases,
  simulatorAsApi,
  replayEnvironment,
  checkRecording(recording) {
    expect(Object.keys(recording.tests)).toContain('github.issue.create human-edit');
    expect(recordedRequests(recording, 'github.issue.create round-trip')).toContain('POST /repos/octo-org/widgets/issues');
  },
});
