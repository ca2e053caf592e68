// The connectors the CLI knows: the packages it ships with that say they are one (`"keywords":
// ["backspace-connector"]` in their package.json), and the packages backspace.config.json names under
// `connectors`, installed beside that file. Each exports a `connector` descriptor; the CLI loops over
// them, so a new connector needs no edit here.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackspaceError, connectorProblem, type ConnectorDescriptor } from '@backspace/core';

/** The keyword a package's package.json carries to say it exports a connector descriptor. */
export const CONNECTOR_KEYWORD = 'backspace-connector';

export interface FoundConnector {
  descriptor: ConnectorDescriptor;
  /** The package it came from. */
  packageName: string;
  /** `builtin`: shipped with the CLI; `config`: named in backspace.config.json. */
  origin: 'builtin' | 'config';
}

/** Where the config file lives (third-party connectors resolve from there) and what it names. */
export interface ConnectorSources {
  configDirectory: string;
  packages: readonly string[];
}

const cache = new Map<string, Promise<FoundConnector[]>>();

/** Every connector: the built-in ones, then those the config names; two with one name is an error. */
export function findConnectors(sources: ConnectorSources): Promise<FoundConnector[]> {
  const cacheKey = JSON.stringify(sources);
  let found = cache.get(cacheKey);
  if (!found) {
    found = loadConnectors(sources);
    cache.set(cacheKey, found);
    found.catch(() => cache.delete(cacheKey));
  }
  return found;
}

async function loadConnectors({ configDirectory, packages }: ConnectorSources): Promise<FoundConnector[]> {
  const found: FoundConnector[] = [];
  for (const packageName of builtinConnectorPackages()) found.push({ descriptor: await descriptorOf(packageName, () => import(packageName)), packageName, origin: 'builtin' });
  for (const packageName of packages) {
    const entry = resolveFrom(configDirectory, packageName);
    found.push({ descriptor: await descriptorOf(packageName, () => import(pathToFileURL(entry).href)), packageName, origin: 'config' });
  }
  const byName = new Map<string, FoundConnector>();
  for (const connector of found) {
    const earlier = byName.get(connector.descriptor.name);
    if (earlier) {
      throw new BackspaceError('invalid_config', `two connectors are named ${connector.descriptor.name}: ${earlier.packageName} and ${connector.packageName}; name only one of them in backspace.config.json`, { details: { connector: connector.descriptor.name } });
    }
    byName.set(connector.descriptor.name, connector);
  }
  return found;
}

/** The CLI's own dependencies whose package.json carries the connector keyword, in name order. */
function builtinConnectorPackages(): string[] {
  const cliManifest = findManifestAbove(dirname(fileURLToPath(import.meta.url)));
  const manifest = JSON.parse(readFileSync(cliManifest, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .sort()
    .filter((name) => {
      const dependency = findDependencyManifest(dirname(cliManifest), name);
      const keywords = dependency ? (JSON.parse(readFileSync(dependency, 'utf8')) as { keywords?: unknown }).keywords : undefined;
      return Array.isArray(keywords) && keywords.includes(CONNECTOR_KEYWORD);
    });
}

/** The nearest package.json at or above `directory`. */
function findManifestAbove(directory: string): string {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (current === parse(current).root) throw new Error(`no package.json above ${directory}`);
  }
}

/** A dependency's package.json as Node finds the package: node_modules/<name> here or in a parent. */
function findDependencyManifest(directory: string, name: string): string | null {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (current === parse(current).root) return null;
  }
}

/** A third-party package's entry, resolved as a script beside the config file would import it. */
function resolveFrom(directory: string, packageName: string): string {
  try {
    return createRequire(join(directory, 'backspace.config.json')).resolve(packageName);
  } catch {
    throw new BackspaceError('invalid_config', `backspace.config.json names the connector ${packageName}, which is not installed in ${directory} (npm install ${packageName})`, { details: { connector: packageName } });
  }
}

async function descriptorOf(packageName: string, load: () => Promise<{ connector?: unknown }>): Promise<ConnectorDescriptor> {
  let module: { connector?: unknown };
  try {
    module = await load();
  } catch (error) {
    throw new BackspaceError('invalid_config', `the connector package ${packageName} could not be loaded: ${(error as Error).message}`, { details: { connector: packageName } });
  }
  const problem = connectorProblem(module.connector);
  if (problem) throw new BackspaceError('invalid_config', `${packageName} is not a Backspace connector: ${problem}`, { details: { connector: packageName } });
  return module.connector as ConnectorDescriptor;
}
