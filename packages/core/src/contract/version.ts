// The version of the adapter contract; adapters record it so a journal can tell which contract wrote it.
export const SPEC_VERSION = 'backspace.v1';
