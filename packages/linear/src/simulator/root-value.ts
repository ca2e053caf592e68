// The Query and Mutation fields the simulator serves, over LinearState; payloads shaped as Linear's.
import type { IssueRecord, LinearState } from './linear-state.js';
import { entityNotFound } from './linear-errors.js';
import { attachmentView, commentsConnection, commentView, issueLabelsConnection, issueView, issuesConnection, relationView, stateView, userView, usersConnection, workflowStatesConnection } from './views.js';

export interface RequestContext {
  userId: string;
}

type Args = Record<string, any>;
type Field = (args: Args, context: RequestContext) => unknown;

export function createRootValue(state: LinearState): Record<string, Field> {
  const issuePayload = (issue: IssueRecord) => ({ success: true, lastSyncId: state.lastSyncId, issue: issueView(state, issue) });
  const archivePayload = (issue: IssueRecord) => ({ success: true, lastSyncId: state.lastSyncId, entity: issueView(state, issue) });
  const deletePayload = (entityId: string) => ({ success: true, lastSyncId: state.lastSyncId, entityId });

  const queries: Record<string, Field> = {
    issue: ({ id }) => issueView(state, state.issue(id)),
    issues: (args) => issuesConnection(state, args),
    workflowStates: (args) => workflowStatesConnection(state, args),
    workflowState: ({ id }) => {
      const record = state.states.get(id);
      if (!record) throw entityNotFound('WorkflowState');
      return stateView(record);
    },
    issueLabels: (args) => issueLabelsConnection(state, args),
    comment: ({ id }) => {
      const comment = id ? state.comments.get(id) : undefined;
      if (!comment) throw entityNotFound('Comment');
      return commentView(state, comment);
    },
    comments: (args) => commentsConnection(state, args),
    attachment: ({ id }) => {
      const attachment = state.attachments.get(id);
      if (!attachment) throw entityNotFound('Attachment');
      return attachmentView(state, attachment);
    },
    users: (args) => usersConnection(state, args),
    issueRelation: ({ id }) => {
      const relation = state.relations.get(id);
      if (!relation) throw entityNotFound('IssueRelation');
      return relationView(state, relation);
    },
    viewer: (_args, context) => {
      return userView(state.users.get(context.userId)!);
    },
  };

  const mutations: Record<string, Field> = {
    issueCreate: ({ input }, context) => issuePayload(state.createIssue(input, context.userId)),
    issueUpdate: ({ id, input }, context) => issuePayload(state.updateIssue(id, input, context.userId)),
    issueArchive: ({ id, trash }, context) => archivePayload(state.archiveIssue(id, trash === true, context.userId)),
    issueDelete: ({ id }, context) => archivePayload(state.archiveIssue(id, true, context.userId)),
    issueUnarchive: ({ id }, context) => archivePayload(state.unarchiveIssue(id, context.userId)),
    issueAddLabel: ({ id, labelId }, context) => issuePayload(state.setLabel(id, labelId, true, context.userId)),
    issueRemoveLabel: ({ id, labelId }, context) => issuePayload(state.setLabel(id, labelId, false, context.userId)),
    commentCreate: ({ input }, context) => ({ success: true, comment: commentView(state, state.createComment(input, context.userId)), lastSyncId: state.lastSyncId }),
    commentUpdate: ({ id, input, skipEditedAt }, context) => ({ success: true, comment: commentView(state, state.updateComment(id, input, context.userId, skipEditedAt === true)), lastSyncId: state.lastSyncId }),
    commentDelete: ({ id }, context) => deletePayload(state.deleteComment(id, context.userId)),
    attachmentCreate: ({ input }, context) => ({ success: true, attachment: attachmentView(state, state.createAttachment(input, context.userId)), lastSyncId: state.lastSyncId }),
    attachmentLinkURL: ({ issueId, url, title, id }, context) => ({ success: true, attachment: attachmentView(state, state.createAttachment({ issueId, url, title, id }, context.userId)), lastSyncId: state.lastSyncId }),
    attachmentDelete: ({ id }) => deletePayload(state.deleteAttachment(id)),
    issueRelationCreate: ({ input }) => ({ success: true, issueRelation: relationView(state, state.createRelation(input)), lastSyncId: state.lastSyncId }),
    issueRelationDelete: ({ id }) => deletePayload(state.deleteRelation(id)),
  };

  // Counts mutations that committed: one endpoint serves every write, so tests count by mutation name.
  const counted = (name: string, run: Field): Field => (args, context) => {
    const result = run(args, context);
    state.committed.set(name, (state.committed.get(name) ?? 0) + 1);
    return result;
  };
  return { ...queries, ...Object.fromEntries(Object.entries(mutations).map(([name, run]) => [name, counted(name, run)])) };
}
