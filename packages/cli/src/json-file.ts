// JSON files an operator writes by hand (backspace.config.json, the supervisor's rules, a keyring), read
// with errors that name the file and the line and column of the mistake, and never quote its text: V8's
// "Unexpected token" messages quote the characters around the mistake, and a token pasted into the file
// by mistake (unquoted, in single quotes) would reach the terminal, CI logs and --json reports.
import { readFileSync, statSync } from 'node:fs';
import { BackspaceError } from '@backspace/core';

/** The parsed file; `what` names it in errors ("config file", "keyring"). Every failure is `invalid_config`. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    // A directory would otherwise read as "EISDIR: illegal operation on a directory".
    if (statSync(file).isDirectory()) throw new BackspaceError('invalid_config', `${what} ${file} is a directory, not a file`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (BackspaceError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackspaceError('invalid_config', `${what} ${file} cannot be read: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const offset = offsetOf(text, (error as Error).message);
    const before = text.slice(0, offset).split('\n');
    throw new BackspaceError('invalid_config', `${what} ${file} is not valid JSON: line ${before.length}, column ${before.at(-1)!.length + 1}: ${reasonOf((error as Error).message)}`);
  }
}

/** V8's reason without the quoted text or the offset (said as line and column instead). */
function reasonOf(message: string): string {
  if (/^Unexpected token/.test(message)) return 'unexpected character';
  if (/end of JSON input/.test(message)) return 'the file ends before the JSON does';
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '');
}

/** Where the text stops being JSON: V8 says so in most messages; for those that quote instead, the shortest prefix that fails for another reason than ending early. */
function offsetOf(text: string, message: string): number {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (failsWithin(text.slice(0, middle))) bad = middle;
    else good = middle;
  }
  return bad - 1;
}

function failsWithin(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/end of JSON input/.test(message)) return false;
    const at = /at position (\d+)/.exec(message);
    return !at || Number(at[1]) < prefix.length;
  }
}
