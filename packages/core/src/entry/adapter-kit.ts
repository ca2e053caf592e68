// @backspace/core/adapter-kit: what a connector's author builds with: the action and compensation
// contract, the adapter and its descriptor, resources and snapshots, provider errors, secrets.
export * from '../contract/json.js';
export * from '../contract/reversibility.js';
export * from '../contract/resource.js';
export * from '../contract/compensation.js';
export * from '../contract/action.js';
export * from '../contract/adapter.js';
export * from '../contract/connector.js';
export * from '../contract/call-signal.js';
export * from '../contract/stoppable.js';
export * from '../contract/sdk-client.js';
export * from '../contract/gone.js';
export * from '../contract/sdk-error.js';
export * from '../contract/adapter-settings.js';
export * from '../contract/clock.js';
export * from '../errors.js';
export { redactPaths, scrubSecrets, toJson, REDACTED } from '../runtime/redact.js';
export { withoutSecrets } from '../runtime/without-secrets.js';
export { mapConcurrent } from '../rollback/map-concurrent.js';
