// Who is at the keyboard: `--by` defaults to the operator's OS user name, so a tired operator need not type it.
import { userInfo } from 'node:os';
import { Option } from 'commander';

export function operatorName(): string {
  try {
    const { username } = userInfo();
    if (username) return username;
  } catch {
    // No passwd entry for this uid (some containers): the environment may still say.
  }
  return process.env.USER ?? process.env.LOGNAME ?? process.env.USERNAME ?? 'unknown-operator';
}

/** A `--by <who>` option that defaults to the operator's user name, and says so in the help. */
export function byOption(description: string): Option {
  const name = operatorName();
  return new Option('--by <who>', description).default(name, `your OS user name, ${name}`);
}
