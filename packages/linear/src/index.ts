// @backspace/linear: the Backspace adapter for Linear, on @linear/sdk.
export { createLinearAdapter, linearActions, LINEAR_RATE_LIMIT, type LinearAdapter, type LinearAdapterSettings } from './linear-adapter.js';
export { LinearCalls } from './linear-calls.js';
export { toProviderError } from './linear-errors.js';
export { uuidFromKey } from './idempotency.js';
export { readIssue, readComment, readRelation, labelField } from './snapshots.js';
export { connector } from './connector.js';
