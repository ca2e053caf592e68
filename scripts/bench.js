// `pnpm bench [--json] [--only name,...]`: runs every benchmark, prints a table, and with --json one JSON
// object of all figures (the keys the issues name; other tools read them). Separate from the tests.

const suites = {
  'journal-sqlite': () => import('./bench/journal-sqlite.js'),
  runtime: () => import('./bench/runtime.js'),
  rollback: () => import('./bench/rollback.js'),
  plan: () => import('./bench/plan.js'),
  'kill-switch': () => import('./bench/kill-switch.js'),
  'journal-postgres': () => import('./bench/journal-postgres.js'),
  security: () => import('./bench/security.js'),
  requests: () => import('./bench/requests.js'),
  incidents: () => import('./bench/incidents.js'),
  'command-center': () => import('./bench/command-center.js'),
  supervisor: () => import('./bench/supervisor.js'),
  install: () => import('./bench/install.js'),
  'connector-lines': () => import('./bench/connector-lines.js'),
};

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : Object.keys(suites);

const results = {};
for (const name of only) {
  if (!suites[name]) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(', ')}`);
  const started = performance.now();
  const figures = await (await suites[name]()).run();
  Object.assign(results, figures);
  if (!json) process.stderr.write(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (json) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  const width = Math.max(...Object.keys(results).map((key) => key.length));
  for (const [key, value] of Object.entries(results)) {
    const shown = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value);
    process.stdout.write(`${key.padEnd(width)}  ${shown}\n`);
  }
}
