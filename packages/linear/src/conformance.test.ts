// The shared adapter conformance suite, run against the Linear simulator through the official SDK.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { linearConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';

runAdapterConformance({
  name: 'linear',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: linearConformanceCases,
});
