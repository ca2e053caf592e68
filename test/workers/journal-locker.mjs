// Another process holding a journal file locked: opens it with the SQLite library a journal in this Node
// would use, takes an exclusive lock, prints "locked", and on SIGTERM rolls back, closes and exits.
import { openJournalFile } from '../../packages/testkit/dist/index.js';

const [path] = process.argv.slice(2);
const db = openJournalFile(path);
db.exec('BEGIN EXCLUSIVE');
process.on('SIGTERM', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
process.stdout.write('locked\n');
// Held until told; a test that never tells it does not leave it running.
setTimeout(() => process.exit(1), 60_000);
