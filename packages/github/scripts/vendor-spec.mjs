#!/usr/bin/env node
// Regenerates spec/github-openapi-subset.json from GitHub's official OpenAPI description in the
// installed devDependency @octokit/openapi: only the operations the adapter and simulator use and the
// components they reference, with prose (descriptions, summaries, examples) stripped.
// Run by hand: node packages/github/scripts/vendor-spec.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@octokit/openapi/package.json'));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const source = JSON.parse(readFileSync(join(packageDir, 'generated', 'api.github.com.json'), 'utf8'));

export const OPERATIONS = {
  '/user': ['get'],
  '/repos/{owner}/{repo}': ['get', 'patch'],
  '/repos/{owner}/{repo}/transfer': ['post'],
  '/repos/{owner}/{repo}/commits': ['get'],
  '/repos/{owner}/{repo}/compare/{basehead}': ['get'],
  '/repos/{owner}/{repo}/activity': ['get'],
  '/repos/{owner}/{repo}/issues': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/{issue_number}': ['get', 'patch'],
  '/repos/{owner}/{repo}/issues/{issue_number}/comments': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/{issue_number}/events': ['get'],
  '/repos/{owner}/{repo}/issues/comments/{comment_id}': ['get', 'patch', 'delete'],
  '/repos/{owner}/{repo}/issues/{issue_number}/labels': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': ['delete'],
  '/repos/{owner}/{repo}/labels': ['get', 'post'],
  '/repos/{owner}/{repo}/labels/{name}': ['get'],
  '/repos/{owner}/{repo}/git/refs': ['post'],
  '/repos/{owner}/{repo}/git/ref/{ref}': ['get'],
  '/repos/{owner}/{repo}/git/matching-refs/{ref}': ['get'],
  '/repos/{owner}/{repo}/git/refs/{ref}': ['patch', 'delete'],
  '/repos/{owner}/{repo}/git/commits/{commit_sha}': ['get'],
  '/repos/{owner}/{repo}/contents/{path}': ['get', 'put', 'delete'],
  '/repos/{owner}/{repo}/pulls': ['get', 'post'],
  '/repos/{owner}/{repo}/pulls/{pull_number}': ['get', 'patch'],
  '/repos/{owner}/{repo}/pulls/{pull_number}/files': ['get'],
  '/repos/{owner}/{repo}/pulls/{pull_number}/merge': ['put'],
};

const PROSE = new Set(['description', 'summary', 'examples', 'example', 'externalDocs', 'x-github', 'x-githubEnterpriseOverlays', 'x-multi-segment', 'tags', 'title']);

function strip(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((item) => strip(item));
  if (node === null || typeof node !== 'object') return node;
  const kept = {};
  for (const [key, value] of Object.entries(node)) {
    // Inside `properties`, keys are field names (a field may be called `description` or `title`).
    if (!inProperties && PROSE.has(key)) continue;
    // GitHub's `oneOf`s list overlapping alternatives (a basic error also fits a rule-violation error),
    // which real answers cannot satisfy exactly once; `anyOf` is what they mean.
    kept[!inProperties && key === 'oneOf' ? 'anyOf' : key] = strip(value, key === 'properties');
  }
  return kept;
}

const paths = {};
for (const [path, methods] of Object.entries(OPERATIONS)) {
  const item = source.paths[path];
  if (!item) throw new Error(`no path ${path} in @octokit/openapi ${version}`);
  paths[path] = {};
  for (const method of methods) {
    if (!item[method]) throw new Error(`no ${method.toUpperCase()} ${path} in @octokit/openapi ${version}`);
    paths[path][method] = strip(item[method]);
  }
}

// Every component the kept operations reach, followed transitively through $refs.
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
        const component = strip(source.components[kind][name]);
        (components[kind] ??= {})[name] = component;
        pending.push(component);
      } else pending.push(value);
    }
  }
}
for (const kind of Object.keys(components)) components[kind] = Object.fromEntries(Object.entries(components[kind]).sort(([a], [b]) => a.localeCompare(b)));

const subset = {
  openapi: source.openapi,
  info: { title: 'GitHub REST API (subset used by @backspace/github)', version: source.info.version, 'x-source': `@octokit/openapi@${version} generated/api.github.com.json, trimmed by scripts/vendor-spec.mjs` },
  paths,
  components,
};
const target = join(here, '..', 'spec', 'github-openapi-subset.json');
writeFileSync(target, `${JSON.stringify(subset, null, 1)}\n`);
console.log(`wrote ${target}: ${Object.values(OPERATIONS).flat().length} operations, ${seen.size} components, from @octokit/openapi ${version}`);
