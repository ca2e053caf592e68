// @backspace/asana: the Backspace adapter for Asana (tasks, fields, completion, comments, projects, subtasks).
export { createAsanaAdapter, asanaActions, ASANA_TOKEN_VARIABLE, type AsanaAdapter, type AsanaAdapterSettings } from './adapter.js';
export { AsanaClient, TASK_FIELDS, type AsanaClientSettings } from './client.js';
export { asanaTokenKind, type AsanaTokenKind } from './token-kind.js';
export { taskSnapshot, field as snapshotField } from './snapshot.js';
export { MATCH_WINDOW_MS } from './actions/find-again.js';
export { connector } from './connector.js';
