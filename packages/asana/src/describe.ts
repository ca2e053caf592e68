// Asana objects as people know them: a task by its name, a comment by its first words, with a link to
// the task in Asana's app when the adapter talks to Asana itself. A comment's task is named from
// `lookupNames` where the operator's tool asked for it (names.ts).
import { quoted, type Names, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';

/** Whether tasks behind this API root open in Asana's app: Asana's own API, not a simulator. */
export function isAsanaApi(baseUrl: string | undefined): boolean {
  return !baseUrl || /^https:\/\/app\.asana\.com(\/api\/1\.0)?\/?$/.test(baseUrl);
}

export function describeAsanaResource(resource: ResourceRef, snapshot: Snapshot | null, appLinks: boolean, names: Names = new Map()): ResourceDescription {
  switch (resource.type) {
    case 'task':
      return {
        label: typeof snapshot?.name === 'string' && snapshot.name ? `task ${quoted(snapshot.name)}` : `task ${resource.id}`,
        ...(appLinks ? { url: `https://app.asana.com/0/0/${resource.id}` } : {}),
      };
    case 'story': {
      const task = typeof snapshot?.task === 'string' ? names.get(snapshot.task) : undefined;
      return { label: `${typeof snapshot?.text === 'string' ? `comment ${quoted(snapshot.text)}` : `comment ${resource.id}`}${task !== undefined ? ` on task ${quoted(task)}` : ''}` };
    }
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
