// The incident fuzzer over Stripe (issue #18, "Prove it"): see suite.ts and runner.ts.
import { describe } from 'vitest';
import { incidentSuite } from './suite.js';

describe('incident fuzzer', () => incidentSuite('stripe', 60));
