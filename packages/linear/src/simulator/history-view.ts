// `issue.history`: an issue's IssueHistory entries, oldest first, paged as Linear pages a connection.
import type { IssueRecord, LinearState } from './linear-state.js';
import { connection } from './views.js';

export function historyConnection(state: LinearState, issue: IssueRecord, args: Record<string, unknown>) {
  return connection((state.history.get(issue.id) ?? []).map((entry) => ({ archivedAt: null, ...entry, issue: { id: issue.id } })), args);
}
