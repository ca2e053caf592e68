// Linear: issues (created, updated, archived, trashed), labels, comments and relations; a person on the
// official LinearClient.
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator } from '@backspace/linear/simulator';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';
import { providerSdk } from './sdk.js';
import type { ProviderKit } from './types.js';

interface LinearPerson {
  updateIssue(id: string, input: Record<string, unknown>): Promise<unknown>;
  createIssue(input: Record<string, unknown>): Promise<unknown>;
  createComment(input: Record<string, unknown>): Promise<unknown>;
  issueAddLabel(id: string, labelId: string): Promise<unknown>;
  issueRemoveLabel(id: string, labelId: string): Promise<unknown>;
  archiveIssue(id: string): Promise<unknown>;
  deleteIssue(id: string): Promise<unknown>;
}

export const linearKit: ProviderKit = {
  provider: 'linear',
  async start(clock) {
    const simulator = await createLinearSimulator({ clock });
    const { state, seed } = simulator;
    const { LinearClient } = await providerSdk<{ LinearClient: new (options: { apiKey: string; apiUrl: string }) => LinearPerson }>('linear', '@linear/sdk');
    const person = new LinearClient({ apiKey: seed.tokens.human, apiUrl: simulator.apiUrl });
    const labels = Object.values(seed.labels);
    const states = Object.values(seed.workflowStates);
    const live = () => [...state.issues.values()].filter((issue) => issue.archivedAt === null && !issue.trashed);
    /** An issue named by its UUID or its identifier (ENG-4): both must be one resource. */
    const issueName = (rng: Rng, issue: { id: string }) => (rng.chance(0.3) ? state.identifier(state.issues.get(issue.id)!) : issue.id);

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const issues = live();
      const issue = issues.length ? rng.pick(issues) : undefined;
      switch (action) {
        case 'linear.issue.create':
          return { teamId: seed.teamId, title: `${tag} issue`, ...(rng.chance(0.4) ? { description: `${tag} description` } : {}), ...(rng.chance(0.3) ? { labelIds: [rng.pick(labels)] } : {}), ...(rng.chance(0.3) ? { undo: 'trash' } : {}) };
        case 'linear.issue.update': {
          if (!issue) return undefined;
          const update: Record<string, unknown> = {};
          if (rng.chance(0.5)) update.title = `${tag} title`;
          if (rng.chance(0.3)) update.description = `${tag} description`;
          if (rng.chance(0.3)) update.priority = rng.int(5);
          if (rng.chance(0.3)) update.stateId = rng.pick(states);
          if (rng.chance(0.2)) update.labelIds = rng.subset(labels);
          if (Object.keys(update).length === 0) update.title = `${tag} title`;
          return { id: issueName(rng, issue), ...update };
        }
        case 'linear.issue.archive':
        case 'linear.issue.delete':
          return issue ? { id: issueName(rng, issue) } : undefined;
        case 'linear.label.add':
        case 'linear.label.remove':
          return issue ? { id: issueName(rng, issue), labelId: action === 'linear.label.remove' && issue.labelIds.length ? rng.pick(issue.labelIds) : rng.pick(labels) } : undefined;
        case 'linear.comment.create':
          return issue ? { issueId: issueName(rng, issue), body: `${tag} comment` } : undefined;
        case 'linear.relation.create': {
          if (issues.length < 2) return undefined;
          const other = rng.pick(issues.filter((candidate) => candidate !== issue));
          return { issueId: issueName(rng, issue!), relatedIssueId: other.id, type: rng.pick(['blocks', 'related', 'similar']) };
        }
        default:
          throw new Error(`the Linear incident kit has no input for ${action}`);
      }
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const issues = live();
      const issue = issues.length ? rng.pick(issues) : undefined;
      switch (rng.int(5)) {
        case 0:
          if (!issue) return 'nothing';
          await person.updateIssue(issue.id, rng.chance(0.5) ? { title: `${tag} title` } : { priority: rng.int(5) });
          return `edited ${state.identifier(issue)}`;
        case 1:
          if (!issue) return 'nothing';
          await person.createComment({ issueId: issue.id, body: `${tag} comment` });
          return `commented on ${state.identifier(issue)}`;
        case 2:
          await person.createIssue({ teamId: seed.teamId, title: `${tag} issue` });
          return 'opened an issue';
        case 3:
          if (!issue) return 'nothing';
          await person.issueAddLabel(issue.id, rng.pick(labels));
          return `labelled ${state.identifier(issue)}`;
        default:
          if (!issue) return 'nothing';
          await person.updateIssue(issue.id, { stateId: rng.pick(states) });
          return `moved ${state.identifier(issue)}`;
      }
    };

    const observe = (): World => {
      const world: World = new Map();
      for (const issue of state.issues.values()) {
        const fields: Record<string, string> = {};
        for (const field of ['title', 'description', 'stateId', 'assigneeId', 'priority', 'estimate', 'dueDate', 'projectId', 'parentId'] as const) fields[field] = String(issue[field]);
        for (const label of issue.labelIds) fields[`label:${label}`] = 'yes';
        for (const comment of state.comments.values()) if (comment.issueId === issue.id) fields[`comment:${comment.id}`] = 'yes';
        world.set(`issue:${issue.id}`, {
          kind: 'issue',
          alive: issue.archivedAt === null && !issue.trashed,
          retained: issue.archivedAt !== null && !issue.trashed,
          fields,
          names: [`linear.issue:${issue.id}`, `linear.issue:${state.identifier(issue)}`],
          identity: issue.title,
        });
      }
      for (const comment of state.comments.values()) {
        world.set(`comment:${comment.id}`, { kind: 'comment', alive: true, fields: { body: comment.body, issue: comment.issueId }, names: [`linear.comment:${comment.id}`], identity: comment.body });
      }
      for (const relation of state.relations.values()) {
        world.set(`relation:${relation.id}`, { kind: 'relation', alive: true, fields: { type: relation.type, issue: relation.issueId, related: relation.relatedIssueId }, names: [`linear.relation:${relation.id}`] });
      }
      return world;
    };

    return {
      provider: 'linear',
      url: simulator.url,
      agentToken: seed.tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createLinearAdapter({ token: seed.tokens.agent, baseUrl: simulator.url }),
      isWrite: (request) => /^\s*mutation\b/.test(String((request.body as { query?: unknown } | undefined)?.query ?? '')),
      agentInput,
      humanEdit,
      async humanRepeat(action, input) {
        const { id, labelId, ...fields } = input as { id: string; labelId: string } & Record<string, unknown>;
        if (action === 'linear.issue.update') await person.updateIssue(id, fields);
        else if (action === 'linear.issue.archive') await person.archiveIssue(id);
        else if (action === 'linear.issue.delete') await person.deleteIssue(id);
        else if (action === 'linear.label.add') await person.issueAddLabel(id, labelId);
        else if (action === 'linear.label.remove') await person.issueRemoveLabel(id, labelId);
        else return undefined;
        return `did by hand the ${action} of ${id}`;
      },
      observe,
      close: () => simulator.close(),
    };
  },
};
