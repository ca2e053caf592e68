// @backspace/core: the adapter contract, the write-ahead runtime, the rollback engine and policy; all of
// it here, and by audience at @backspace/core/runtime (agent frameworks and operators' tools),
// @backspace/core/adapter-kit (connector authors) and @backspace/core/journal-store (journal store authors).
export * from './entry/runtime.js';
export * from './entry/adapter-kit.js';
export * from './entry/journal-store.js';
