// Installs Backspace as someone outside the workspace would: each package packed with `pnpm pack`, the
// tarballs installed into a fresh project (third-party packages from the registry, through pnpm's store).
// Used by check-consumer.mjs (CI) and the install benchmark. Packages must be built first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Packs every workspace package into `destination`: package name to tarball path, and to the files it ships. */
export function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  const tarballs = {};
  const shipped = {};
  for (const directory of readdirSync(join(workspaceRoot, 'packages'))) {
    const packageDirectory = join(workspaceRoot, 'packages', directory);
    if (!existsSync(join(packageDirectory, 'package.json'))) continue;
    const packed = JSON.parse(pnpm(['pack', '--json', '--pack-destination', destination], packageDirectory));
    tarballs[packed.name] = resolve(destination, packed.filename);
    shipped[packed.name] = packed.files.map((file) => file.path);
  }
  return { tarballs, shipped };
}

/**
 * A fresh project in `directory` depending on `install` (names from `tarballs`) and `extra` registry
 * packages. Every @backspace package, direct or not, resolves to its tarball (the registry's are not ours).
 * On a Node without node:sqlite (Node 20) the project also depends on better-sqlite3, the SQLite journal's
 * optional peer, as its README tells such a user to; a `prod` install (what the install benchmark counts:
 * what Backspace itself pulls in) goes without it.
 */
export function installConsumer(directory, { tarballs, install, extra = {}, prod = false }) {
  mkdirSync(directory, { recursive: true });
  const dependencies = Object.fromEntries(install.map((name) => [name, `file:${tarballs[name]}`]));
  const sqliteLibrary = !prod && process.getBuiltinModule?.('node:sqlite') === undefined ? { 'better-sqlite3': rootManifest().devDependencies['better-sqlite3'] } : {};
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'backspace-consumer', private: true, type: 'module', dependencies: { ...dependencies, ...sqliteLibrary, ...extra } }, null, 2));
  const overrides = Object.entries(tarballs).map(([name, path]) => `  "${name}": "file:${path}"`);
  writeFileSync(join(directory, 'pnpm-workspace.yaml'), ['allowBuilds:', '  better-sqlite3: true', 'overrides:', ...overrides, ''].join('\n'));
  pnpm(['install', '--prefer-offline', ...(prod ? ['--prod'] : [])], directory);
}

/** Packages in the project's virtual store (node_modules/.pnpm), each name@version once. */
export function countInstalledPackages(directory) {
  return readdirSync(join(directory, 'node_modules', '.pnpm')).filter((entry) => entry !== 'node_modules' && entry !== 'lock.yaml').length;
}

function rootManifest() {
  return JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
}

function pnpm(args, cwd) {
  return execFileSync('pnpm', args, { cwd, encoding: 'utf8', env: { ...process.env, ...nativeBuildEnvironment() }, stdio: ['ignore', 'pipe', 'pipe'] });
}

// better-sqlite3 builds from source here; as in .pnpmfile.cjs, node-gyp uses the headers Node ships with
// instead of downloading them.
function nativeBuildEnvironment() {
  const nodePrefix = resolve(dirname(process.execPath), '..');
  if (process.env.npm_config_nodedir || !existsSync(join(nodePrefix, 'include', 'node', 'node_version.h'))) return {};
  return { npm_config_nodedir: nodePrefix };
}
