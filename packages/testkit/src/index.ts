// @backspace/testkit: the test provider, simulator harness and conformance suites.
export * from './test-provider/index.js';
export * from './simulator/index.js';
export { runJournalConformance, type JournalConformanceOptions, type JournalUnderTest } from './journal-conformance.js';
export type { DemoPart, DemoVerification } from './demo-part.js';
export { runAdapterConformance, type AdapterConformanceOptions, type ConformanceCase, type ConformanceCheck, type ConformanceEnvironment } from './adapter-conformance.js';
