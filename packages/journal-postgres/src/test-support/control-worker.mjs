// A child process for the kill-switch tests: opens the built store, then either listens for kill and
// resume entries (printing `ready`, then `heard` for each) or appends one kill (printing `appended`).
import { pathToFileURL } from 'node:url';

const { module, options, role } = JSON.parse(process.argv[2]);
const { createPostgresJournal } = await import(pathToFileURL(module).href);
const store = await createPostgresJournal(options);

if (role === 'kill') {
  await store.append({ type: 'kill', data: { scope: 'all', reason: 'test', by: `process ${process.pid}` } });
  process.stdout.write('appended\n');
  await store.close();
} else {
  store.onControlEntry(() => process.stdout.write('heard\n'));
  process.stdout.write('ready\n');
  // Listens until the test closes stdin.
  process.stdin.resume();
  process.stdin.on('end', () => store.close().then(() => process.exit(0)));
}
