// @backspace/journal-postgres: the shared journal for fleets of agent processes, on PostgreSQL.
export { createPostgresJournal, type PostgresJournal } from './postgres-journal.js';
export { type PostgresJournalOptions, DEFAULT_SCHEMA } from './settings.js';
export { SCHEMA_VERSION } from './migrations.js';
