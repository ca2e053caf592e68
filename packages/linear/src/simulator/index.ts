// @backspace/linear/simulator: the Linear GraphQL simulator, its seed and tokens, and the demo part.
export { createLinearSimulator, LINEAR_REQUESTS_PER_HOUR, LINEAR_COMPLEXITY_PER_HOUR, type LinearSimulator, type LinearSimulatorOptions } from './create-simulator.js';
export { AGENT_TOKEN, HUMAN_TOKEN, type LinearSeed } from './seed.js';
export { LinearState, type IssueRecord, type CommentRecord, type AttachmentRecord, type RelationRecord } from './linear-state.js';
export { complexityOf, LINEAR_MAX_QUERY_COMPLEXITY, linearSchema } from './graphql-endpoint.js';
export { createLinearDemo, type LinearDemoOptions } from './demo.js';
