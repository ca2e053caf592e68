// Linear objects as people know them: an issue by its identifier and title (ENG-12 "..."), a comment by
// its first words and the issue it sits on (ENG-12, from `lookupNames` where the operator's tool asked for
// it: names.ts). Linear's web links need the workspace's URL key, which the API token does not carry.
import { quoted, type Names, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';

export function describeLinearResource(resource: ResourceRef, snapshot: Snapshot | null, names: Names = new Map()): ResourceDescription {
  switch (resource.type) {
    case 'issue': {
      const name = typeof snapshot?.identifier === 'string' ? snapshot.identifier : (names.get(resource.id) ?? resource.id);
      return { label: `issue ${name}${typeof snapshot?.title === 'string' ? ` ${quoted(snapshot.title)}` : ''}` };
    }
    case 'comment': {
      const issue = typeof snapshot?.issueId === 'string' ? names.get(snapshot.issueId) : undefined;
      return { label: `${typeof snapshot?.body === 'string' ? `comment ${quoted(snapshot.body)}` : `comment ${resource.id}`}${issue ? ` on ${issue}` : ''}` };
    }
    case 'relation':
      return { label: typeof snapshot?.type === 'string' ? `${snapshot.type} relation ${resource.id}` : `relation ${resource.id}` };
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
