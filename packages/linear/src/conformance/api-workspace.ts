// The conformance workspace over Linear's public GraphQL API only: what the live mode uses against a
// sandbox team on api.linear.app, with a second member's key for the human. A live team keeps what
// earlier runs did, so each check gets the seeded issues it uses created afresh, and created titles
// carry the run's id; `prepare` finds the team's workflow states and labels by name.
import { readFileSync } from 'node:fs';
import { LinearClient } from '@linear/sdk';
import type { Json, ResourceRef } from '@backspace/core';
import { isNotFound, toProviderError } from '../linear-errors.js';
import { SEED_ISSUES, SEED_LABELS } from '../simulator/seed.js';
import { missing, type LinearWorkspace } from './workspace.js';

/** The team's workflow states and the labels by name, in one request (see the file for why it is ours). */
const SANDBOX_QUERY = readFileSync(new URL('./sandbox.graphql', import.meta.url), 'utf8');
interface SandboxAnswer {
  workflowStates: { nodes: Array<{ id: string; name: string }> };
  issueLabels: { nodes: Array<{ id: string; name: string; team: { id: string } | null }> };
}

export interface ApiWorkspaceOptions {
  /** The GraphQL endpoint, e.g. https://api.linear.app/graphql. */
  apiUrl: string;
  teamId: string;
  /** The second member; the agent's key when none was given (the human-edit checks are then skipped). */
  humanToken: string;
  /** Makes this run's titles its own. */
  runId: string;
}

interface Sandbox {
  states: Record<string, string>;
  labels: Record<string, string>;
}

export function apiWorkspace(options: ApiWorkspaceOptions): LinearWorkspace & { prepare(): Promise<void> } {
  const { teamId } = options;
  const human = new LinearClient({ apiKey: options.humanToken, apiUrl: options.apiUrl });
  let sandbox: Sandbox | undefined;
  const seededIssues = new Map<number, Promise<string>>();
  let titles = 0;
  const prepared = () => sandbox ?? missing('the live workspace was not prepared: no workflow states or labels to work with');
  const named = (ids: Record<string, string>, name: string, what: string) =>
    ids[name] ?? missing(`the sandbox team ${teamId} has no ${what} named "${name}" (the cases use Linear's default workflow states and the labels ${SEED_LABELS.join(', ')})`);

  /** Created by the human, as the simulator's seed issues are. */
  const createSeeded = async (seeded: (typeof SEED_ISSUES)[number]) => {
    const { states, labels } = prepared();
    const payload = await human.createIssue({
      teamId, title: seeded.title, description: seeded.description, priority: seeded.priority,
      stateId: named(states, seeded.state, 'workflow state'), labelIds: seeded.labels.map((name) => named(labels, name, 'label')),
    });
    return payload.issueId ?? missing(`Linear created no issue for "${seeded.title}"`);
  };

  const read = async (resource: ResourceRef): Promise<Json | null> => {
    try {
      switch (resource.type) {
        case 'issue': {
          const issue = await human.issue(resource.id);
          // 100 of each: the SDK's comment document scores about 43 points a comment, and Linear refuses a query over 10,000.
          const comments = byCreation((await issue.comments({ first: 100 })).nodes);
          const relations = byCreation((await issue.relations({ first: 100 })).nodes);
          return {
            identifier: issue.identifier, title: issue.title, description: issue.description ?? null, stateId: issue.stateId ?? null,
            assigneeId: issue.assigneeId ?? null, priority: issue.priority, labelIds: [...issue.labelIds].sort(), estimate: issue.estimate ?? null,
            dueDate: issue.dueDate ? String(issue.dueDate) : null, projectId: issue.projectId ?? null, parentId: issue.parentId ?? null,
            archived: issue.archivedAt !== undefined, trashed: issue.trashed === true,
            comments: comments.map((comment) => ({ body: comment.body, userId: comment.userId ?? null })),
            relations: relations.map((relation) => ({ type: relation.type, relatedIssueId: relation.relatedIssueId ?? null })),
          };
        }
        case 'comment': {
          const comment = await human.comment({ id: resource.id });
          return { body: comment.body, issueId: comment.issueId ?? null, userId: comment.userId ?? null };
        }
        default: {
          const relation = await human.issueRelation(resource.id);
          return { type: relation.type, issueId: relation.issueId ?? null, relatedIssueId: relation.relatedIssueId ?? null };
        }
      }
    } catch (error) {
      if (isNotFound(toProviderError(error, []))) return null;
      throw error;
    }
  };

  return {
    teamId: () => teamId,
    stateId: (name) => named(prepared().states, name, 'workflow state'),
    labelId: (name) => named(prepared().labels, name, 'label'),
    seededIssue: (index) => {
      if (!seededIssues.has(index)) seededIssues.set(index, createSeeded(SEED_ISSUES[index]!));
      return seededIssues.get(index)!;
    },
    uniqueTitle: (title) => `${title} [run ${options.runId}-${++titles}]`,
    human,
    inspect: read,
    async prepare() {
      const found = await human.client.request<SandboxAnswer, { teamId: string; labelNames: string[] }>(SANDBOX_QUERY, { teamId, labelNames: SEED_LABELS });
      const labelNamed = (name: string) => {
        const candidates = found.issueLabels.nodes.filter((label) => label.name === name);
        // A label of the team itself wins over a workspace label (one with no team) of the same name.
        return (candidates.find((label) => label.team?.id === teamId) ?? candidates.find((label) => label.team === null))?.id;
      };
      sandbox = {
        states: Object.fromEntries(found.workflowStates.nodes.map((state) => [state.name, state.id])),
        labels: Object.fromEntries(SEED_LABELS.flatMap((name) => {
          const id = labelNamed(name);
          return id ? [[name, id]] : [];
        })),
      };
    },
  };
}

function byCreation<T extends { createdAt: Date }>(nodes: T[]): T[] {
  return [...nodes].sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime());
}
