// An Asana link as the task it names: `app.asana.com/0/<project>/<task>` (also `/f`), and the newer
// `app.asana.com/1/<workspace>/project/<project>/task/<task>`.
import type { ResourceRef } from '@backspace/core';
import { taskRef } from './snapshot.js';

export function asanaResourceFromUrl(url: string): ResourceRef | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const path = parsed.pathname;
  const task = /\/task\/(\d+)(?:\/|$)/.exec(path) ?? /^\/0\/\d+\/(\d+)(?:\/f)?\/?$/.exec(path);
  return task ? taskRef(task[1]!) : null;
}
