// Entries as stored: the shared row shape and conversions from core, under this package's names.
export { STORED_ENTRY_COLUMNS as ENTRY_COLUMNS, rowToEntry, entryParameters as entryToParameters, type StoredEntryRow as EntryRow } from '@backspace/core';
