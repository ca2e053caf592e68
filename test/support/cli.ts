// Runs the built `backspace` binary as a user would, and parses its --json output (the CLI package's
// own runner, with the environment and working directory as arguments).
import { runCli as run, type CliRun } from '../../packages/cli/src/test-cli.js';

export { BIN } from '../../packages/cli/src/test-cli.js';
export type CliResult = CliRun;

export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  return run(args, { env, cwd });
}
