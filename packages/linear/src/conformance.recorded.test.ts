// The live mode's machinery, offline: the suite through Linear's public GraphQL API only against the
// simulator standing in for api.linear.app, recorded with nock's recorder, then replayed with no server.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runRecordedConformance } from '@backspace/testkit';
import { linearConformanceCases } from './conformance/cases.js';
import { replayEnvironment, simulatorAsApi } from './conformance/environments.js';

runRecordedConformance({
  name: 'linear',
  standsInFor: 'api.linear.app',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: linearConformanceCases,
  simulatorAsApi,
  replayEnvironment,
  checkRecording(recording) {
    expect(Object.keys(recording.tests)).toContain('linear.comment.create human-edit');
    const created = recording.tests['linear.issue.create round-trip']!.exchanges;
    expect(created.every((exchange) => `${exchange.method} ${String(exchange.path)}` === 'POST /graphql')).toBe(true);
    expect(created.map((exchange) => JSON.stringify(exchange.body))).toContainEqual(expect.stringContaining('issueCreate('));
  },
});
