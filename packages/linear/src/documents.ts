// The GraphQL documents the adapter sends itself, through the SDK's client (`LinearClient.client`):
// each selects exactly what a snapshot needs, in one request, where the SDK's models would fetch every
// relation separately and its mutations answer with the id alone. Every literal marked GraphQL here is
// carried into spec/schema.graphql by scripts/vendor-spec.mjs and validated by the fidelity tests.

/**
 * An issue as its snapshot needs it. Its first 20 comments, 10 sub-issues, 5 attachments and 3 relations
 * each way keep 50 issues read at once (planning's batch) well under Linear's 10,000-point limit for one
 * query (about 7,200 points by Linear's scoring; 50 comments would score about 11,600); further pages are
 * read on their own. Sub-issues include archived ones, with who filed them and whether they are in the
 * trash (see `ownArchived` in snapshots.ts): a person's sub-issue put away in the archive is still theirs.
 * Attachments (a person's link, pull request or file on the issue) are in the same read: the agent has no
 * attachment action, so each one is someone else's, and a trash would take it along for good.
 */
const issueFields = /* GraphQL */ `
fragment BackspaceIssue on Issue {
  id identifier title description priority estimate dueDate archivedAt trashed labelIds updatedAt
  team { id } state { id } assignee { id } creator { id } project { id } parent { id } cycle { id } projectMilestone { id }
  comments(first: 20) { nodes { id user { id } } pageInfo { hasNextPage endCursor } }
  attachments(first: 5) { nodes { id } pageInfo { hasNextPage endCursor } }
  children(first: 10, includeArchived: true) { nodes { id archivedAt trashed creator { id } } pageInfo { hasNextPage endCursor } }
  relations(first: 3) { nodes { id type } pageInfo { hasNextPage endCursor } }
  inverseRelations(first: 3) { nodes { id issue { id } } pageInfo { hasNextPage endCursor } }
}`;

/** A comment, with the comment it answers and the first 25 replies in its thread (more are read page by page). */
const commentFields = /* GraphQL */ `
fragment BackspaceComment on Comment {
  id body issue { id } user { id } parent { id }
  children(first: 25) { nodes { id } pageInfo { hasNextPage endCursor } }
}`;

const relationFields = /* GraphQL */ `
fragment BackspaceRelation on IssueRelation { id type issue { id } relatedIssue { id } }`;

const operation = (text: string, ...fragments: string[]) => [text, ...fragments].join('\n');

export const ISSUE_QUERY = operation(/* GraphQL */ `
query backspaceIssue($id: String!) { issue(id: $id) { ...BackspaceIssue } }`, issueFields);

/** An issue's UUID, by its identifier (`ENG-1`) or UUID: what Linear keeps where an input named it by identifier. */
export const ISSUE_ID_QUERY = /* GraphQL */ `
query backspaceIssueId($id: String!) { issue(id: $id) { id } }`;

/** Many issues by UUID in one request; archived and trashed ones included, as a single read sees them. */
export const ISSUES_QUERY = operation(/* GraphQL */ `
query backspaceIssues($ids: [ID!]!, $first: Int!) {
  issues(filter: { id: { in: $ids } }, first: $first, includeArchived: true) { nodes { ...BackspaceIssue } }
}`, issueFields);

/** The rest of an issue's comments, past the first page. */
export const ISSUE_COMMENTS_QUERY = /* GraphQL */ `
query backspaceIssueComments($id: String!, $after: String) {
  issue(id: $id) { comments(first: 250, after: $after) { nodes { id user { id } } pageInfo { hasNextPage endCursor } } }
}`;

/** The rest of an issue's attachments, past the first page. */
export const ISSUE_ATTACHMENTS_QUERY = /* GraphQL */ `
query backspaceIssueAttachments($id: String!, $after: String) {
  issue(id: $id) { attachments(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
}`;

/** The rest of an issue's sub-issues, past the first page (archived ones too, as the first page reads them). */
export const ISSUE_CHILDREN_QUERY = /* GraphQL */ `
query backspaceIssueChildren($id: String!, $after: String) {
  issue(id: $id) { children(first: 250, after: $after, includeArchived: true) { nodes { id archivedAt trashed creator { id } } pageInfo { hasNextPage endCursor } } }
}`;

/**
 * The agent's own sub-issues found archived (filed by the parent's creator: every session of the agent
 * shares its API key), many in one request: who archived each (its history), and whether anyone else's
 * work sits on or under it (comments, attachments, relations, and its own sub-issues: a person's filed
 * under it, which Linear's archive of it took along or which came after; named in the parent's conflict),
 * which an archive or a trash of the parent would take along. Only these few are read, apart from
 * planning's batch: the history of 10 sub-issues of each of 50 issues would not fit in one query. About
 * 230 points a sub-issue; history past the first page is read on.
 */
export const ARCHIVED_SUB_ISSUES_QUERY = /* GraphQL */ `
query backspaceArchivedSubIssues($ids: [ID!]!, $first: Int!) {
  issues(filter: { id: { in: $ids } }, first: $first, includeArchived: true) {
    nodes {
      id
      history(first: 50) { nodes { createdAt actorId archived } pageInfo { hasNextPage endCursor } }
      comments(first: 20) { nodes { id user { id } } pageInfo { hasNextPage } }
      attachments(first: 3) { nodes { id } }
      relations(first: 5) { nodes { id type } pageInfo { hasNextPage } }
      inverseRelations(first: 3) { nodes { id issue { id } } pageInfo { hasNextPage } }
      children(first: 10, includeArchived: true) { nodes { id archivedAt trashed creator { id } } pageInfo { hasNextPage } }
    }
  }
}`;

/** The rest of the relations an issue has with others, past the first page, from it (`relations`) and to it (`inverseRelations`). */
export const ISSUE_RELATIONS_QUERY = /* GraphQL */ `
query backspaceIssueRelations($id: String!, $after: String) {
  issue(id: $id) { relations(first: 250, after: $after) { nodes { id type } pageInfo { hasNextPage endCursor } } }
}`;

export const ISSUE_INVERSE_RELATIONS_QUERY = /* GraphQL */ `
query backspaceIssueInverseRelations($id: String!, $after: String) {
  issue(id: $id) { inverseRelations(first: 250, after: $after) { nodes { id issue { id } } pageInfo { hasNextPage endCursor } } }
}`;

/** The rest of a comment's replies, past the first page. */
export const COMMENT_CHILDREN_QUERY = /* GraphQL */ `
query backspaceCommentChildren($id: String!, $after: String) {
  comment(id: $id) { children(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
}`;

/** Open issues of a team with this title: what a new issue would duplicate. */
export const DUPLICATES_QUERY = /* GraphQL */ `
query backspaceDuplicates($teamId: ID!, $title: String!) {
  issues(filter: { team: { id: { eq: $teamId } }, title: { eqIgnoreCase: $title } }, first: 50) { nodes { id identifier createdAt } }
}`;

/**
 * Who changed what on an issue, a page at a time (the connection's own order is not relied on), with
 * the caller's own user: a write by the same user is the agent's, as far as Linear can tell. Each entry
 * names the fields it changed through its from/to pairs (the milestone's as the milestones themselves),
 * `updatedDescription` and the labels it added or removed.
 */
export const ISSUE_HISTORY_QUERY = /* GraphQL */ `
query backspaceIssueHistory($id: String!, $after: String) {
  viewer { id }
  issue(id: $id) {
    history(first: 100, after: $after) {
      nodes {
        id createdAt actorId updatedDescription addedLabelIds removedLabelIds archived trashed
        fromTitle toTitle fromStateId toStateId fromAssigneeId toAssigneeId fromPriority toPriority
        fromEstimate toEstimate fromDueDate toDueDate fromProjectId toProjectId fromParentId toParentId
        fromCycleId toCycleId fromProjectMilestone { id } toProjectMilestone { id }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const COMMENT_QUERY = operation(/* GraphQL */ `
query backspaceComment($id: String!) { comment(id: $id) { ...BackspaceComment } }`, commentFields);

export const RELATION_QUERY = operation(/* GraphQL */ `
query backspaceRelation($id: String!) { issueRelation(id: $id) { ...BackspaceRelation } }`, relationFields);

export const ISSUE_CREATE = operation(/* GraphQL */ `
mutation backspaceIssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ...BackspaceIssue } } }`, issueFields);

export const ISSUE_UPDATE = operation(/* GraphQL */ `
mutation backspaceIssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success lastSyncId issue { ...BackspaceIssue } } }`, issueFields);

export const ISSUE_ARCHIVE = operation(/* GraphQL */ `
mutation backspaceIssueArchive($id: String!) { issueArchive(id: $id) { success entity { ...BackspaceIssue } } }`, issueFields);

export const ISSUE_UNARCHIVE = operation(/* GraphQL */ `
mutation backspaceIssueUnarchive($id: String!) { issueUnarchive(id: $id) { success entity { ...BackspaceIssue } } }`, issueFields);

/** To the trash; never `permanentlyDelete`, which would make it irreversible. */
export const ISSUE_DELETE = operation(/* GraphQL */ `
mutation backspaceIssueDelete($id: String!) { issueDelete(id: $id) { success entity { ...BackspaceIssue } } }`, issueFields);

export const ISSUE_ADD_LABEL = operation(/* GraphQL */ `
mutation backspaceIssueAddLabel($id: String!, $labelId: String!) { issueAddLabel(id: $id, labelId: $labelId) { success issue { ...BackspaceIssue } } }`, issueFields);

export const ISSUE_REMOVE_LABEL = operation(/* GraphQL */ `
mutation backspaceIssueRemoveLabel($id: String!, $labelId: String!) { issueRemoveLabel(id: $id, labelId: $labelId) { success issue { ...BackspaceIssue } } }`, issueFields);

export const COMMENT_CREATE = operation(/* GraphQL */ `
mutation backspaceCommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { ...BackspaceComment } } }`, commentFields);

export const RELATION_CREATE = operation(/* GraphQL */ `
mutation backspaceRelationCreate($input: IssueRelationCreateInput!) { issueRelationCreate(input: $input) { success issueRelation { ...BackspaceRelation } } }`, relationFields);

/**
 * Names for what an operator's tool prints, in one request: people by id (their full name and display
 * name; deactivated ones too, since a blast radius may name someone who left) and the issue each comment
 * sits on (its identifier), which a comment's key does not carry.
 */
export const NAMES_QUERY = /* GraphQL */ `
query backspaceNames($people: [ID!]!, $comments: [ID!]!, $first: Int!) {
  users(filter: { id: { in: $people } }, first: $first, includeDisabled: true) { nodes { id name displayName } }
  comments(filter: { id: { in: $comments } }, first: $first) { nodes { id issue { id identifier } } }
}`;

/** Every document above, by name, for the fidelity tests. */
export const DOCUMENTS: Record<string, string> = {
  ISSUE_QUERY, ISSUE_ID_QUERY, ISSUES_QUERY, ISSUE_COMMENTS_QUERY, ISSUE_ATTACHMENTS_QUERY, ISSUE_CHILDREN_QUERY, ARCHIVED_SUB_ISSUES_QUERY, ISSUE_RELATIONS_QUERY, ISSUE_INVERSE_RELATIONS_QUERY, ISSUE_HISTORY_QUERY, DUPLICATES_QUERY, COMMENT_QUERY, COMMENT_CHILDREN_QUERY, RELATION_QUERY,
  ISSUE_CREATE, ISSUE_UPDATE, ISSUE_ARCHIVE, ISSUE_UNARCHIVE, ISSUE_DELETE, ISSUE_ADD_LABEL, ISSUE_REMOVE_LABEL, COMMENT_CREATE, RELATION_CREATE, NAMES_QUERY,
};
