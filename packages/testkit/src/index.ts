// @backspace/testkit: the test provider, conformance suites and response validation; the simulator harness
// (@backspace/simulator-kit, what simulators need at run time) is re-exported for tests.
export * from './test-provider/index.js';
export * from '@backspace/simulator-kit';
export * from './simulator/index.js';
export { runJournalConformance, type JournalConformanceOptions, type JournalUnderTest } from './journal-conformance.js';
export { runPruneConformance, type PruneConformanceOptions, type PrunableUnderTest } from './journal-prune.js';
export { runAdapterConformance, type AdapterConformanceOptions, type ConformanceCase, type ConformanceCheck, type ConformanceEnvironment, type Replayed } from './adapter-conformance.js';
export { readRecording, replayExchanges, startRecording, stopRecording, writeRecording, type RecordedTest, type Recording } from './recording.js';
export { readLiveSettings, type LiveSettings, type LiveVariables } from './live-settings.js';
export { runRecordedConformance, recordedRequests, type RecordedConformanceOptions } from './recorded-conformance.js';
export { runLiveConformance, type LiveConformanceOptions } from './live-conformance.js';
export { runConnectorConformance, type ConnectorConformanceOptions } from './connector-conformance.js';
export { connectorEnvironments, type ConnectorEnvironment, type ConnectorEnvironments, type ConnectorEnvironmentsOptions, type EnvironmentParts, type LiveTarget } from './connector-environments.js';
export { measureRequestBudget, budgetFigures, type ActionCost, type RequestBudgetOptions } from './request-budget.js';
export { openJournalFile, type JournalFileConnection } from './journal-file.js';
export { waitsAMinute, type MinuteWaits } from './waits-a-minute.js';
