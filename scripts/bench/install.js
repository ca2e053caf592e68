// What a production install of Backspace pulls in (#24): core + journal-sqlite + the GitHub adapter,
// packed and installed into a fresh project with --prod, counted in its node_modules/.pnpm (each
// name@version once, ours included). Goal: at most 60.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countInstalledPackages, installConsumer, packPackages } from '../packaging/consumer.mjs';

export async function run() {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-bench-install-'));
  try {
    const { tarballs } = packPackages(join(directory, 'tarballs'));
    const project = join(directory, 'project');
    installConsumer(project, { tarballs, install: ['@backspace/core', '@backspace/journal-sqlite', '@backspace/github'], prod: true });
    return { 'install.prodPackages': countInstalledPackages(project) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
