// How the simulator checks the issue fields a create or update names, as Linear does: the state, labels,
// cycle and milestone of the issue's team and project, the assignee and project by id, the parent by UUID
// or identifier, the priority's range and the due date's form.
import type { IssueFields, IssueRecord, LinearState } from './linear-state.js';
import { entityNotFound, linearError } from './linear-errors.js';

/**
 * A milestone is one of the issue's project's: one named with the write must be of the project the issue
 * ends in, and a move to another project (or out of any) takes the issue out of its milestone there.
 */
export function checkMilestone(state: LinearState, fields: IssueFields, issue: Pick<IssueRecord, 'projectId' | 'projectMilestoneId'>): void {
  const projectId = fields.projectId !== undefined ? fields.projectId : issue.projectId;
  const named = fields.projectMilestoneId;
  if (named) {
    if (state.milestones.get(named)!.projectId !== projectId) throw linearError('invalid input', 'Argument Validation Error', "projectMilestoneId must be a milestone of the issue's project.");
    return;
  }
  const kept = named === undefined ? issue.projectMilestoneId : null;
  if (kept && state.milestones.get(kept)?.projectId !== projectId) fields.projectMilestoneId = null;
}

/** The labels named, each of the issue's team, by id. */
export function checkLabels(state: LinearState, labelIds: unknown[], teamId: string): string[] {
  return labelIds.map((labelId) => {
    const label = state.labels.get(String(labelId));
    if (!label || label.teamId !== teamId) throw entityNotFound('IssueLabel');
    return label.id;
  });
}

/** The issue fields a create or update names, each checked as Linear checks it and kept as Linear keeps it. */
export function checkIssueFields(state: LinearState, input: Record<string, unknown>, teamId: string): IssueFields {
  const fields: IssueFields = {};
  if (input.stateId !== undefined) {
    const workflowState = state.states.get(String(input.stateId));
    if (!workflowState || workflowState.teamId !== teamId) throw entityNotFound('WorkflowState');
    fields.stateId = workflowState.id;
  }
  if (input.labelIds !== undefined && input.labelIds !== null) fields.labelIds = [...new Set(checkLabels(state, input.labelIds as unknown[], teamId))];
  if (input.priority !== undefined && input.priority !== null) {
    const priority = Number(input.priority);
    if (!Number.isInteger(priority) || priority < 0 || priority > 4) throw linearError('invalid input', 'Argument Validation Error', 'priority must be an integer from 0 (no priority) to 4 (low).');
    fields.priority = priority;
  }
  if (input.assigneeId !== undefined) {
    if (input.assigneeId !== null && !state.users.has(String(input.assigneeId))) throw entityNotFound('User');
    fields.assigneeId = (input.assigneeId as string | null) ?? null;
  }
  if (input.projectId !== undefined) {
    if (input.projectId !== null && !state.projects.has(String(input.projectId))) throw entityNotFound('Project');
    fields.projectId = (input.projectId as string | null) ?? null;
  }
  // Linear takes the parent by UUID or identifier (IssueCreateInput/IssueUpdateInput.parentId: "Can be a
  // UUID or issue identifier (e.g., 'LIN-123')") and keeps the parent's UUID either way.
  if (input.parentId !== undefined) fields.parentId = input.parentId === null ? null : state.issue(String(input.parentId)).id;
  // A cycle of the issue's team, and a project milestone, by id; null takes the issue out of it.
  if (input.cycleId !== undefined) {
    const cycle = input.cycleId === null ? null : state.cycles.get(String(input.cycleId));
    if (cycle === undefined || (cycle && cycle.teamId !== teamId)) throw entityNotFound('Cycle');
    fields.cycleId = cycle?.id ?? null;
  }
  if (input.projectMilestoneId !== undefined) {
    const milestone = input.projectMilestoneId === null ? null : state.milestones.get(String(input.projectMilestoneId));
    if (milestone === undefined) throw entityNotFound('ProjectMilestone');
    fields.projectMilestoneId = milestone?.id ?? null;
  }
  if (input.description !== undefined) fields.description = (input.description as string | null) ?? null;
  if (input.estimate !== undefined) fields.estimate = (input.estimate as number | null) ?? null;
  if (input.dueDate !== undefined) {
    if (input.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(input.dueDate))) throw linearError('invalid input', 'Argument Validation Error', 'dueDate must be a date (YYYY-MM-DD).');
    fields.dueDate = (input.dueDate as string | null) ?? null;
  }
  return fields;
}
