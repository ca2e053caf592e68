#!/usr/bin/env node
// Regenerates spec/asana-openapi.subset.json from the vendored Asana OpenAPI description (run by hand,
// never by tests): only the operations the adapter and simulator use, with every component they reach,
// prose (descriptions, examples, code samples) stripped.
//
//   node packages/asana/scripts/vendor-spec.mjs path/to/asana_oas.yaml
//
// The description is YAML and no YAML parser is a dependency of this package, so the script asks
// python3 with PyYAML to turn it into JSON first (`pip install pyyaml` where it is missing).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The upstream file is given on the command line: nothing here points at one machine's paths.
if (!process.argv[2]) {
  console.error('usage: node packages/asana/scripts/vendor-spec.mjs <path to asana_oas.yaml> (the defs/asana_oas.yaml of github.com/Asana/openapi)');
  process.exit(2);
}
const source = resolve(process.argv[2]);
const target = join(here, '../spec/asana-openapi.subset.json');
const SOURCE_NOTE = 'Asana/openapi, defs/asana_oas.yaml, commit fc9f8dc (2026-06-11), via shared/vendor/asana/asana_oas.yaml';

export const OPERATIONS = [
  'createTask', 'getTask', 'updateTask', 'deleteTask', 'getTasks', 'getTasksForProject', 'getTasksForSection',
  'createSubtaskForTask', 'getSubtasksForTask', 'setParentForTask',
  'addProjectForTask', 'removeProjectForTask', 'addTagForTask', 'removeTagForTask', 'addFollowersForTask', 'removeFollowerForTask',
  'addDependenciesForTask', 'removeDependenciesForTask', 'getDependenciesForTask', 'addDependentsForTask', 'removeDependentsForTask', 'getDependentsForTask',
  'createAttachmentForObject', 'getAttachmentsForObject', 'getAttachment', 'deleteAttachment',
  'createStoryForTask', 'getStoriesForTask', 'getStory', 'deleteStory',
  'getUser', 'getWorkspace', 'getProject', 'getSectionsForProject', 'getSection', 'getTag', 'createBatchRequest',
];
const PROSE = new Set(['description', 'example', 'examples', 'summary', 'x-readme', 'x-docs-override-description', 'x-env-variable', 'x-insert-after', 'x-public-description']);

const json = execFileSync('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)', source], { maxBuffer: 256 * 1024 * 1024 });
const document = JSON.parse(json.toString('utf8'));

const strip = (node) => {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => !PROSE.has(key)).map(([key, value]) => [key, strip(value)]));
};

const paths = {};
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!OPERATIONS.includes(operation?.operationId)) continue;
    paths[path] ??= item.parameters ? { parameters: strip(item.parameters) } : {};
    paths[path][method] = strip(operation);
  }
}
const missing = OPERATIONS.filter((id) => !Object.values(paths).some((item) => Object.values(item).some((operation) => operation?.operationId === id)));
if (missing.length > 0) throw new Error(`operations not in the description: ${missing.join(', ')}`);

// Components reached from the kept paths, transitively.
const components = {};
const pending = [paths];
const seen = new Set();
while (pending.length > 0) {
  const node = pending.pop();
  if (Array.isArray(node)) pending.push(...node);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/') && !seen.has(value)) {
        seen.add(value);
        const [, , kind, name] = value.split('/');
        const found = strip(document.components[kind][name]);
        (components[kind] ??= {})[name] = found;
        pending.push(found);
      } else pending.push(value);
    }
  }
}
for (const kind of Object.keys(components)) components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([left], [right]) => left.localeCompare(right)));

const subset = { openapi: document.openapi, info: { title: 'Asana (subset)', version: document.info.version, 'x-source': SOURCE_NOTE }, servers: document.servers, paths, components };
writeFileSync(target, `${JSON.stringify(subset, null, 1)}\n`);
console.log(`wrote ${target}: ${OPERATIONS.length} operations, ${Object.values(components).reduce((sum, group) => sum + Object.keys(group).length, 0)} components`);
