// @backspace/testkit: the test provider, simulator harness and conformance suites.
export * from './test-provider/index.js';
export { runJournalConformance, type JournalConformanceOptions, type JournalUnderTest } from './journal-conformance.js';
