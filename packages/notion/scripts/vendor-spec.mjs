// Regenerates spec/notion-openapi.subset.json from the shared vendor copy of Notion's OpenAPI
// description: only the operations the adapter and simulator use, prose and examples stripped.
// Run by hand: node packages/notion/scripts/vendor-spec.mjs path/to/notion-openapi.json
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The upstream file is given on the command line: nothing here points at one machine's paths.
if (!process.argv[2]) {
  console.error('usage: node packages/notion/scripts/vendor-spec.mjs <path to notion-openapi.json> (Notion\u2019s published OpenAPI description)');
  process.exit(2);
}
const source = resolve(process.argv[2]);
const target = join(here, '..', 'spec', 'notion-openapi.subset.json');

const USED = {
  '/v1/users/me': ['get'],
  '/v1/users/{user_id}': ['get'],
  '/v1/pages': ['post'],
  '/v1/pages/{page_id}': ['get', 'patch'],
  '/v1/blocks/{block_id}': ['get', 'patch', 'delete'],
  '/v1/blocks/{block_id}/children': ['get', 'patch'],
  '/v1/comments': ['get', 'post'],
  '/v1/data_sources/{data_source_id}': ['get', 'patch'],
  '/v1/data_sources/{data_source_id}/query': ['post'],
};
const PROSE = new Set(['description', 'summary', 'examples', 'example', 'externalDocs']);

const raw = readFileSync(source, 'utf8');
const document = JSON.parse(raw);

// `names`: the value is a schema's `properties`, whose keys are field names (a field may be named `description`).
function strip(value, names = false) {
  if (Array.isArray(value)) return value.map((item) => strip(item));
  if (!value || typeof value !== 'object') return value;
  // A media type documented only by examples (the comments endpoints) keeps them: they are its only shape.
  const onlyExamples = 'examples' in value && !('schema' in value);
  return Object.fromEntries(Object.entries(value).filter(([key]) => names || !PROSE.has(key) || (onlyExamples && key === 'examples')).map(([key, inner]) => [key, onlyExamples && key === 'examples' ? inner : strip(inner, !names && key === 'properties')]));
}

const paths = {};
for (const [path, methods] of Object.entries(USED)) {
  const item = document.paths[path];
  if (!item) throw new Error(`${path} is not in ${source}`);
  paths[path] = Object.fromEntries(methods.map((method) => {
    if (!item[method]) throw new Error(`${method.toUpperCase()} ${path} is not in ${source}`);
    return [method, strip(item[method])];
  }));
}

// Keep only the components the kept operations reach through $ref.
const components = {};
const pending = [JSON.stringify(paths)];
while (pending.length > 0) {
  for (const [, section, name] of pending.pop().matchAll(/"#\/components\/([^/"]+)\/([^"]+)"/g)) {
    if (components[section]?.[name]) continue;
    const found = document.components?.[section]?.[name];
    if (!found) throw new Error(`#/components/${section}/${name} is not in ${source}`);
    (components[section] ??= {})[name] = strip(found);
    pending.push(JSON.stringify(found));
  }
}

const subset = {
  openapi: document.openapi,
  info: { title: document.info.title, version: document.info.version, 'x-notion-version': '2025-09-03', 'x-source': 'notion-openapi.json shipped in npm @notionhq/notion-mcp-server 2.5.2 (MIT)', 'x-source-sha256': createHash('sha256').update(raw).digest('hex') },
  paths,
  components,
};
writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`);
console.log(`wrote ${target}: ${Object.keys(paths).length} paths, ${Object.values(components).reduce((sum, section) => sum + Object.keys(section).length, 0)} components`);
