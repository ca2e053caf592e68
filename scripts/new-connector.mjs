#!/usr/bin/env node
// `pnpm new-connector <name> [--title "Acme CRM"] [--out <directory>]`: scaffolds a working connector
// package from templates/connector (a descriptor, an adapter with two actions and their inverses, a
// simulator, the conformance suite), into packages/<name> by default. See CONTRIBUTING.md.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const template = join(root, 'templates', 'connector');

function fail(message) {
  process.stderr.write(`new-connector: ${message}\n`);
  process.exit(1);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { title: { type: 'string' }, out: { type: 'string' } } });
const name = positionals[0];
if (!name || positionals.length > 1) fail('usage: pnpm new-connector <name> [--title "Acme CRM"] [--out <directory>]');
// The same rule as core's defineConnector: the name appears in resource keys and action names.
if (!/^[a-z][a-z0-9]{1,30}$/.test(name)) fail(`"${name}" is not a connector name: 2 to 31 lower-case letters or digits, starting with a letter (it begins every action's name: ${name}.item.create)`);
const capitalized = name[0].toUpperCase() + name.slice(1);
const names = { __name__: name, __Name__: capitalized, __NAME__: name.toUpperCase(), __Title__: values.title ?? capitalized };
const target = resolve(values.out ?? join(root, 'packages', name));
if (existsSync(target)) fail(`${target} already exists: choose another name or --out`);

cpSync(template, target, { recursive: true });
for (const file of filesUnder(target)) {
  const text = readFileSync(file, 'utf8');
  const named = Object.entries(names).reduce((result, [placeholder, value]) => result.split(placeholder).join(value), text);
  if (named !== text) writeFileSync(file, named);
}

const shown = relative(process.cwd(), target) || '.';
process.stdout.write(`created @backspace/${name} in ${shown}
next:
  pnpm install                               # links it into the workspace
  pnpm --filter @backspace/${name} build
  npx vitest run ${shown}                    # the conformance suite against its simulator
then replace the client with ${names.__Title__}'s official SDK and the simulator's routes with its real API
(CONTRIBUTING.md walks through it); the backspace CLI finds it once packages/cli/package.json depends on it, or backspace.config.json names it under connectors.
`);

function filesUnder(directory) {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
