// @backspace/journal-sqlite: the embedded default journal.
export { createSqliteJournal, type SqliteJournalOptions } from './sqlite-journal.js';
export { SCHEMA, SCHEMA_VERSION } from './schema.js';
export { sqliteDriverName, type SqliteDriverName } from './driver.js';
