// Asking a person before something hard to take back. Only on a terminal: a script says --yes, and a
// pipe with neither is refused at once instead of waiting for an answer that never comes.
import { createInterface } from 'node:readline';
import { BackspaceError } from '@backspace/core';

/** Whether a person can be asked: stdin and stdout both on a terminal, and no --json. */
export function canAsk(json: boolean): boolean {
  return !json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

export function confirmationRequired(what: string): BackspaceError {
  return new BackspaceError('confirmation_required', `${what} needs a confirmation and there is no terminal to ask (or --json was given): pass --yes to go ahead; nothing was run`);
}

/** Asks a yes/no question; only "y" or "yes" is yes. Ctrl-C and end of input are no. */
export function askYesNo(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: process.stdin, output: process.stdout });
    let answered = false;
    const finish = (yes: boolean) => {
      if (answered) return;
      answered = true;
      reader.close();
      resolve(yes);
    };
    reader.on('SIGINT', () => {
      process.stdout.write('\n');
      finish(false);
    });
    reader.on('close', () => finish(false));
    reader.question(`${question} [y/N] `, (answer) => finish(/^\s*y(es)?\s*$/i.test(answer)));
  });
}
