// The live mode's machinery, offline: the suite through Asana's public API only against the simulator
// standing in for app.asana.com, recorded with nock's recorder, then replayed with no server at all.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runRecordedConformance } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { replayEnvironment, simulatorAsApi } from './conformance/environments.js';

runRecordedConformance({
  name: 'asana',
  standsInFor: 'app.asana.com',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: asanaConformanceCases,
  simulatorAsApi,
  replayEnvironment,
  checkRecording(recording) {
    expect(Object.keys(recording.tests)).toContain('asana.task.create human-edit');
    expect(recordedRequests(recording, 'asana.task.create round-trip')).toContain('POST /api/1.0/tasks');
    expect(recordedRequests(recording, 'asana.task.tag.add human-edit').filter((path) => path.endsWith('/addTag'))).toHaveLength(2);
  },
});
