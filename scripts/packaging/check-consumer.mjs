// CI check (#24): every package packed, the tarballs installed into a fresh project outside the
// workspace, a consumer file typechecked under strict settings against the published declarations, then
// run: one agent session against the GitHub simulator, rolled back. Prints one JSON object; exits 1 when
// a check fails. `node scripts/packaging/check-consumer.mjs` after `pnpm build`; test/packaging.test.ts
// runs it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installConsumer, packPackages, workspaceRoot } from './consumer.mjs';

const fixture = new URL('./consumer/', import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** What a package must ship: its LICENSE and, for each export, its JavaScript and declarations. */
function packagingProblems(shipped) {
  const problems = [];
  for (const [name, files] of Object.entries(shipped)) {
    if (!files.includes('LICENSE')) problems.push(`${name}: no LICENSE`);
    for (const [entry, conditions] of Object.entries(manifestOf(name).exports ?? {})) {
      for (const condition of ['types', 'default']) {
        const path = conditions[condition]?.replace(/^\.\//, '');
        if (!path || !files.includes(path)) problems.push(`${name} exports "${entry}" ${condition}: ${path ?? 'none'} is not shipped`);
      }
    }
  }
  return problems;
}

function manifestOf(name) {
  return readJson(join(workspaceRoot, 'packages', name.replace('@backspace/', ''), 'package.json'));
}

/** A module importing every export of every package, so all their declarations are checked. */
function entryPointsModule(names) {
  const specifiers = names.flatMap((name) => Object.keys(manifestOf(name).exports ?? {}).map((entry) => name + entry.slice(1)));
  const imports = specifiers.map((specifier, index) => `import type * as entry${index} from '${specifier}';`);
  return `${imports.join('\n')}\nexport type EveryEntryPoint = [${specifiers.map((_, index) => `typeof entry${index}`).join(', ')}];\n`;
}

/** tsc's errors, split into ours (the consumer file, @backspace declarations) and other packages'. */
function readTypeErrors(output) {
  const ours = [];
  const thirdParty = {};
  for (const line of output.split('\n')) {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (!match) continue;
    const file = match[1];
    const owner = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
    if (owner === undefined || owner.startsWith('@backspace/')) ours.push(line);
    else thirdParty[owner] = (thirdParty[owner] ?? 0) + 1;
  }
  return { ours, thirdParty };
}

const directory = mkdtempSync(join(tmpdir(), 'backspace-consumer-'));
let failed = true;
try {
  const { tarballs, shipped } = packPackages(join(directory, 'tarballs'));
  const project = join(directory, 'project');
  const rootDevDependencies = readJson(join(workspaceRoot, 'package.json')).devDependencies;
  installConsumer(project, {
    tarballs,
    install: Object.keys(tarballs),
    extra: { '@octokit/rest': rootDevDependencies['@octokit/rest'], typescript: rootDevDependencies.typescript, '@types/node': rootDevDependencies['@types/node'] },
  });
  for (const file of ['consumer.ts', 'tsconfig.json']) copyFileSync(new URL(file, fixture), join(project, file));
  writeFileSync(join(project, 'entry-points.ts'), entryPointsModule(Object.keys(tarballs)));

  // tsc emits even where other packages' declarations fail under these settings; ours must not.
  const tsc = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
  const typeErrors = readTypeErrors(tsc.stdout);
  const run = spawnSync(process.execPath, [join(project, 'dist/consumer.js')], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  const session = run.status === 0 ? JSON.parse(run.stdout.trim().split('\n').at(-1)) : { failed: `exit ${run.status}: ${run.stderr.slice(-2000)}` };

  const result = {
    packages: Object.keys(tarballs).sort(),
    packagingProblems: packagingProblems(shipped),
    typeErrors: typeErrors.ours,
    thirdPartyTypeErrors: typeErrors.thirdParty,
    session,
  };
  failed = result.packagingProblems.length > 0 || result.typeErrors.length > 0 || run.status !== 0;
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
