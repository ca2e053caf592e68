// The live mode's machinery, offline: the suite through Notion's public API only against the simulator
// standing in for api.notion.com, recorded with nock's recorder, then replayed with no server at all.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runRecordedConformance } from '@backspace/testkit';
import { notionConformanceCases } from './conformance/cases.js';
import { replayEnvironment, simulatorAsApi } from './conformance/environments.js';

runRecordedConformance({
  name: 'notion',
  standsInFor: 'api.notion.com',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: notionConformanceCases,
  simulatorAsApi,
  replayEnvironment,
  checkRecording(recording) {
    expect(Object.keys(recording.tests)).toContain('notion.comment.create human-edit');
    const requests = recordedRequests(recording, 'notion.comment.create round-trip');
    expect(requests).toContain('POST /v1/comments');
    expect(requests.filter((request) => request.startsWith('DELETE /v1/comments/'))).toHaveLength(1);
  },
});
