// Debian's Chromium, headless, driven by playwright-core: a test tool's own browser download fails on
// these machines, so the binary the `chromium` package installs is used (`.ci/run` installs it).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('bash', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where screenshots go for a reviewer: test-output/<name>/ at the repository root (ignored by git). */
export function screenshotDirectory(name: string): string {
  const directory = join(process.env.BACKSPACE_TEST_OUTPUT ?? new URL('../../test-output', import.meta.url).pathname, name);
  mkdirSync(directory, { recursive: true });
  return directory;
}
