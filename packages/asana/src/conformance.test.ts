// The shared adapter conformance suite, run against the Asana simulator with an OAuth agent token.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { asanaConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';

runAdapterConformance({
  name: 'asana',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: asanaConformanceCases,
});
