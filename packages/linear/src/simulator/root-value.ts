// The Query and Mutation fields the simulator serves, over LinearState; payloads shaped as Linear's.
import type { LinearState } from './linear-state.js';
import { entityNotFound } from './linear-errors.js';
import { commentView, issueView, issuesConnection, relationView } from './views.js';

export interface RequestContext {
  userId: string;
}

type Args = Record<string, any>;

export function createRootValue(state: LinearState) {
  const issuePayload = (issue: Parameters<typeof issueView>[1]) => ({ success: true, lastSyncId: state.lastSyncId, issue: issueView(state, issue) });
  const archivePayload = (issue: Parameters<typeof issueView>[1]) => ({ success: true, lastSyncId: state.lastSyncId, entity: issueView(state, issue) });
  const deletePayload = (entityId: string) => ({ success: true, lastSyncId: state.lastSyncId, entityId });
  return {
    // Queries
    issue: ({ id }: Args) => issueView(state, state.issue(id)),
    issues: (args: Args) => issuesConnection(state, args),
    comment: ({ id }: Args) => {
      const comment = id ? state.comments.get(id) : undefined;
      if (!comment) throw entityNotFound('Comment');
      return commentView(state, comment);
    },
    issueRelation: ({ id }: Args) => {
      const relation = state.relations.get(id);
      if (!relation) throw entityNotFound('IssueRelation');
      return relationView(state, relation);
    },
    viewer: (_args: Args, context: RequestContext) => {
      const user = state.users.get(context.userId)!;
      return { id: user.id, name: user.name, displayName: user.name, email: `${user.name.toLowerCase().replace(/\W+/g, '.')}@example.com`, active: true, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', url: `https://linear.app/backspace/profiles/${user.id}` };
    },
    // Mutations
    issueCreate: ({ input }: Args, context: RequestContext) => issuePayload(state.createIssue(input, context.userId)),
    issueUpdate: ({ id, input }: Args) => issuePayload(state.updateIssue(id, input)),
    issueArchive: ({ id, trash }: Args) => archivePayload(state.archiveIssue(id, trash === true)),
    issueDelete: ({ id }: Args) => archivePayload(state.archiveIssue(id, true)),
    issueUnarchive: ({ id }: Args) => archivePayload(state.unarchiveIssue(id)),
    issueAddLabel: ({ id, labelId }: Args) => issuePayload(state.setLabel(id, labelId, true)),
    issueRemoveLabel: ({ id, labelId }: Args) => issuePayload(state.setLabel(id, labelId, false)),
    commentCreate: ({ input }: Args, context: RequestContext) => ({ success: true, comment: commentView(state, state.createComment(input, context.userId)), lastSyncId: state.lastSyncId }),
    commentDelete: ({ id }: Args, context: RequestContext) => deletePayload(state.deleteComment(id, context.userId)),
    issueRelationCreate: ({ input }: Args) => ({ success: true, issueRelation: relationView(state, state.createRelation(input)), lastSyncId: state.lastSyncId }),
    issueRelationDelete: ({ id }: Args) => deletePayload(state.deleteRelation(id)),
  };
}
