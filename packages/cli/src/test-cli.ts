// For the CLI's tests (this package's, and the repository's under test/): runs the built `backspace`
// binary as a user would (run `pnpm --filter @backspace/cli build` first), stdin closed, and gives back
// its exit code and output, and its --json output parsed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** `user`: run as that user (uid and gid), for whom file modes mean something where the tests run as root. */
export function runCli(args: string[], { cwd, env = {}, user }: { cwd?: string | undefined; env?: Record<string, string | undefined>; user?: { uid: number; gid: number } } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: cwd ?? process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json: <T,>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
  });
}
