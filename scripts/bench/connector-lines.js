// The plumbing a contributor writes for a connector (#24), in lines of code (blank and comment lines
// left out), per connector and for the scaffold `pnpm new-connector` generates: the files that join a
// provider's SDK to the kit, outside its actions, inverses, reads and simulator: the SDK client
// (`client.ts`), the error mapping (`*errors.ts`, `provider-error.ts`), the adapter factory
// (`*adapter.ts`), the descriptor (`connector.ts`) and the package's entry (`index.ts`), each directly
// under `src/`. Tests, the simulator, the demo part and vendored specs are counted apart by their own
// folders and are not plumbing here. Stripe is the connector built with the kit (goal: at most 60); the
// five before it name their files otherwise, so their counts here would mislead and are left out.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PLUMBING = /^(client|connector|index|provider-error|[a-z-]*adapter|[a-z-]*errors)\.ts$/;
const CODE = /^\s*($|\/\/|\/\*|\*)/;

/** Lines of code in the plumbing files directly under `src`. */
export function plumbingLines(src) {
  return readdirSync(src)
    .filter((file) => PLUMBING.test(file))
    .reduce((total, file) => total + readFileSync(join(src, file), 'utf8').split('\n').filter((line) => !CODE.test(line)).length, 0);
}

/**
 * The plumbing on the test side a contributor still writes, counted apart and the same way: the
 * conformance environments (the provider's own part of them: which client and reader its person uses,
 * its fixtures; testkit's `connectorEnvironments` stands the four of them up) and every file
 * under `scripts/` (the vendor-spec script and any data it reads; testkit's `vendorSubset` does the
 * cutting). The list of copied plumbing names both; `plumbingLines` above does not count them.
 */
export function testPlumbingLines(packageDirectory) {
  const files = [join(packageDirectory, 'src/conformance/environments.ts')];
  const scripts = join(packageDirectory, 'scripts');
  if (existsSync(scripts)) files.push(...readdirSync(scripts, { recursive: true }).map((file) => join(scripts, String(file))).filter((file) => statSync(file).isFile()));
  return files.filter((file) => existsSync(file)).reduce((total, file) => total + readFileSync(file, 'utf8').split('\n').filter((line) => !CODE.test(line)).length, 0);
}

export async function run() {
  const root = new URL('../..', import.meta.url).pathname;
  return {
    'connectors.plumbingLines.stripe': plumbingLines(join(root, 'packages/stripe/src')),
    'connectors.plumbingLines.template': plumbingLines(join(root, 'templates/connector/src')),
    'connectors.testPlumbingLines.stripe': testPlumbingLines(join(root, 'packages/stripe')),
  };
}
