// Linear objects as people know them: an issue by its identifier and title (ENG-12 "..."), a comment by
// its first words. Linear's web links need the workspace's URL key, which the API token does not carry.
import { quoted, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';

export function describeLinearResource(resource: ResourceRef, snapshot: Snapshot | null): ResourceDescription {
  switch (resource.type) {
    case 'issue': {
      const name = typeof snapshot?.identifier === 'string' ? snapshot.identifier : resource.id;
      return { label: `issue ${name}${typeof snapshot?.title === 'string' ? ` ${quoted(snapshot.title)}` : ''}` };
    }
    case 'comment':
      return { label: typeof snapshot?.body === 'string' ? `comment ${quoted(snapshot.body)}` : `comment ${resource.id}` };
    case 'relation':
      return { label: typeof snapshot?.type === 'string' ? `${snapshot.type} relation ${resource.id}` : `relation ${resource.id}` };
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
