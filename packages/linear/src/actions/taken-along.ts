// Linear takes a parent's sub-issues along when it trashes it, those already put away in the archive too
// (the agent's own, archived by the undo of its creation earlier in the same rollback), and its schema does
// not say where a restore of the parent leaves them. Where the undo of the agent's creation puts its issue
// back from the trash (someone built on it while the trash was sent), each sub-issue that was away before
// the trash reached it and comes back into the open goes back into the archive: a step the rollback
// reported undone stays undone. The simulator takes the harsher reading (the restore brings them all back).
import type { LinearCalls } from '../linear-calls.js';
import { ISSUE_ARCHIVE } from '../documents.js';
import { subIssues, trashedWith, type IssueNode, type SubIssueNode } from '../snapshots.js';

/** The sub-issues the trash's answer shows in the trash that did not go there with the issue: away (archived or trashed) before it. */
export async function awayBeforeTrash(client: LinearCalls, trashed: IssueNode | null): Promise<Set<string>> {
  if (!trashed) return new Set();
  return awayAmong(await client.afterWrite(() => subIssues(client, trashed)), trashed);
}

/** The same, from a read of the trashed issue (a lookup's, whose failure says nothing of the write). */
export async function awayFoundInTrash(client: LinearCalls, trashed: IssueNode): Promise<Set<string>> {
  return awayAmong(await subIssues(client, trashed), trashed);
}

const awayAmong = (children: SubIssueNode[], trashed: IssueNode) =>
  new Set(children.filter((child) => !!child.archivedAt && !(child.trashed === true && trashedWith(child, trashed))).map((child) => child.id));

/**
 * Of `away`, those the restore's answer shows in the open again, archived once more (one write each, only
 * on this path). One in the trash before comes back archived rather than trashed: a trash is not sent over
 * what may be a person's, and the archive keeps it restorable.
 */
export async function backToArchive(client: LinearCalls, restored: IssueNode | null, away: Set<string>): Promise<void> {
  if (!restored || away.size === 0) return;
  const children = await client.afterWrite(() => subIssues(client, restored));
  for (const child of children) {
    if (away.has(child.id) && !child.archivedAt) await client.mutate(ISSUE_ARCHIVE, { id: child.id }, 'issueArchive');
  }
}
