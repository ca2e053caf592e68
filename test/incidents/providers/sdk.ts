// The official SDK a provider package itself depends on, loaded from that package's own dependencies
// (the workspace root does not depend on the SDKs directly), so people act exactly as the package's
// own tests' people do.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function providerSdk<Module>(provider: string, sdk: string): Promise<Module> {
  const requireFrom = createRequire(fileURLToPath(new URL(`../../../packages/${provider}/package.json`, import.meta.url)));
  return (await import(pathToFileURL(requireFrom.resolve(sdk)).href)) as Module;
}
