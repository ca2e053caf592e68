// The shared adapter conformance suite, run against the GitHub simulator.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';

runAdapterConformance({
  name: 'github',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: githubConformanceCases,
});
