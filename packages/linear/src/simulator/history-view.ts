// `issue.history`: an issue's IssueHistory entries, oldest first, paged as Linear pages a connection.
import type { IssueRecord, LinearState } from './linear-state.js';
import { connection } from './views.js';

export function historyConnection(state: LinearState, issue: IssueRecord, args: Record<string, unknown>) {
  const milestone = (id: string | null | undefined) => (id ? { id } : null);
  return connection((state.history.get(issue.id) ?? []).map((entry) => ({ archivedAt: null, ...entry, fromProjectMilestone: milestone(entry.fromProjectMilestoneId), toProjectMilestone: milestone(entry.toProjectMilestoneId), issue: { id: issue.id } })), args);
}
