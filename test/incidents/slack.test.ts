// The incident fuzzer over Slack (issue #18, "Prove it"): see suite.ts and runner.ts.
import { describe } from 'vitest';
import { incidentSuite } from './suite.js';

describe('incident fuzzer', () => incidentSuite('slack', 60));
