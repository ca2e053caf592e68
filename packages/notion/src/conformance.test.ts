// The shared adapter conformance suite, run against the Notion simulator.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { notionConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';

runAdapterConformance({
  name: 'notion',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: notionConformanceCases,
});
