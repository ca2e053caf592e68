// The connector kit as a contributor uses it: `pnpm new-connector` scaffolds a package that typechecks
// under strict settings and passes the shared conformance suite against its own simulator, and the
// `backspace` CLI, told of it only in backspace.config.json, rolls back an agent's writes through it.
// Nothing in core, the CLI or the five other packages is edited. Checked in the new simulator's state.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type ConnectorDescriptor, type ConnectorSimulator } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runCli } from './support/cli.js';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);

/** A directory's node_modules entry pointing at a workspace package (or a dependency of one), as an install would. */
function link(directory: string, name: string, target: string): void {
  const path = join(directory, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(realpathSync(target), path, 'dir');
}

describe('the connector kit: pnpm new-connector', () => {
  let workspace: string;
  let generated: string;
  let connector: ConnectorDescriptor;
  let simulator: ConnectorSimulator;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'backspace-connector-kit-'));
    generated = join(workspace, 'acmecrm');
    const created = await run(process.execPath, [join(repo, 'scripts', 'new-connector.mjs'), 'acmecrm', '--title', 'Acme CRM', '--out', generated]);
    expect(created.stdout).toMatch(/created @backspace\/acmecrm/);
    // What `pnpm install` gives a package in the workspace: its dependencies, built.
    for (const name of ['core', 'simulator-kit', 'testkit', 'journal-sqlite']) link(generated, `@backspace/${name}`, join(repo, 'packages', name));
    link(generated, 'zod', join(repo, 'packages', 'core', 'node_modules', 'zod'));
    link(generated, '@types/node', join(repo, 'node_modules', '@types', 'node'));
    // The workspace's test runner, as its packages find it at the root (the scaffold's own tests import it).
    link(generated, 'vitest', join(repo, 'node_modules', 'vitest'));
    await run(bin('tsup'), ['--entry.index=src/index.ts', '--entry.simulator/index=src/simulator/index.ts', '--format', 'esm', '--target', 'node20', '--silent'], { cwd: generated });
    connector = ((await import(pathToFileURL(join(generated, 'dist', 'index.js')).href)) as { connector: ConnectorDescriptor }).connector;
    simulator = await connector.startSimulator!();
  }, 120_000);
  afterAll(async () => simulator?.close());

  it('scaffolds a package that carries the MIT license, as every package does (npm pack ships no root license)', () => {
    expect(readFileSync(join(generated, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repo, 'LICENSE'), 'utf8'));
  });

  it('scaffolds a package that typechecks under strict, exactOptionalPropertyTypes and noPropertyAccessFromIndexSignature', async () => {
    writeFileSync(
      join(generated, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repo, 'tsconfig.base.json'),
        // As a consumer's compiler sees it: workspace packages through their built declarations.
        compilerOptions: { customConditions: [], noEmit: true, exactOptionalPropertyTypes: true, noPropertyAccessFromIndexSignature: true, types: ['node'] },
        include: ['src'],
      }),
    );
    const checked = await run(bin('tsc'), ['-p', join(generated, 'tsconfig.json')], { cwd: generated }).catch((error: { stdout: string }) => error);
    expect('code' in checked ? checked.stdout : '', 'tsc found errors').toBe('');
  }, 120_000);

  it('passes the shared conformance suite against its own simulator, recorded and replayed', async () => {
    const tested = await run(bin('vitest'), ['run', '--root', generated, '--reporter', 'json'], { cwd: generated, maxBuffer: 32 * 1024 * 1024 }).catch((error: { stdout: string; stderr: string }) => error);
    const report = JSON.parse(tested.stdout) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    expect(report.numFailedTests, tested.stderr).toBe(0);
    // Against the simulator: round trip, dropped answer, 429, a person's edit, bad input and forged inverses,
    // for both actions; then the live mode recorded against the simulator's public API and replayed.
    expect(report.numPassedTests).toBeGreaterThanOrEqual(20);
  }, 180_000);

  it('is found by the CLI through backspace.config.json alone, and rolls an agent session back there, keeping a person\'s item', async () => {
    const project = join(workspace, 'project');
    mkdirSync(project);
    link(project, '@backspace/acmecrm', generated);
    const journalPath = join(project, 'journal.db');
    const config = join(project, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, connectors: ['@backspace/acmecrm'], adapters: { 'acmecrm': { baseUrl: simulator.url } } }));
    const env = { ACMECRM_TOKEN: simulator.tokens.agent };

    const listed = await runCli(['actions', '--config', config, '--json'], env, project);
    expect(listed.code, listed.stderr + listed.stdout).toBe(0);
    expect(listed.json<{ actions: { name: string; reversibility: string }[] }>().actions).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'acmecrm.item.create', reversibility: 'compensatable' }), expect.objectContaining({ name: 'github.issue.create' })]),
    );

    // A person's item, then the agent's session: one item created, the person's renamed.
    const person = connector.createAdapter({ token: simulator.tokens.human, baseUrl: simulator.url });
    const theirs = (await person.actions.find((action) => action.name === 'acmecrm.item.create')!.execute({ title: 'Renewal call', body: '' }, { client: person.client, idempotencyKey: 'person-1', clock: { now: Date.now, sleep: async () => undefined } })) as { id: string };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'crm-agent' });
    const created = await session.run<{ id: string }>('acmecrm.item.create', { title: 'Refund ACME in full' });
    await session.run('acmecrm.item.update', { id: theirs.id, title: 'Renewal call (cancelled)' });
    await session.end();
    await journal.close();
    const item = (id: string) => simulator.inspectResource({ provider: 'acmecrm', type: 'item', id }) as { title: string } | null;
    expect(item(created.id)).toMatchObject({ title: 'Refund ACME in full' });

    const rolled = await runCli(['rollback', session.id, '--yes', '--config', config, '--json'], env, project);
    expect(rolled.code, rolled.stderr + rolled.stdout).toBe(0);
    expect(item(created.id)).toBeNull();
    expect(item(theirs.id)).toMatchObject({ title: 'Renewal call' });

    // A config naming a package that is not installed says so, and which.
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, connectors: ['@backspace/not-installed'] }));
    const missing = await runCli(['sessions', '--config', config, '--json'], env, project);
    expect(missing.code).toBe(1);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/names the connector @backspace\/not-installed, which is not installed/);
  }, 120_000);
});
