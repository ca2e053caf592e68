// @backspace/core/journal-store: what a journal store's author implements and checks against: the
// store contract, entries and their hash chain, writers and their keys, sealing, audit, retention and
// pruning, the session page.
export * from '../contract/json.js';
export * from '../contract/journal.js';
export * from '../contract/version.js';
export * from '../errors.js';
export * from '../journal/hash-chain.js';
export * from '../journal/stored-entry.js';
export * from '../journal/writers.js';
export * from '../journal/audit.js';
export * from '../journal/retention.js';
export * from '../journal/prune-anchor.js';
export * from '../journal/prune.js';
export * from '../journal/sealing.js';
export * from '../journal/session-page.js';
