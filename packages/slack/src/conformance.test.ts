// The shared adapter conformance suite, run by the Slack adapter against the Slack simulator.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { slackConformanceCases } from './conformance/cases.js';
import { simulatorEnvironment } from './conformance/environments.js';

runAdapterConformance({
  name: 'slack',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: slackConformanceCases,
});
