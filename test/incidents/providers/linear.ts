// Linear: issues (created, updated, archived, trashed), labels, comments and relations; a person on the
// official LinearClient.
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator } from '@backspace/linear/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { World } from '../world.js';
import { providerSdk } from './sdk.js';
import type { ProviderKit } from './types.js';

interface LinearPerson {
  updateIssue(id: string, input: Record<string, unknown>): Promise<unknown>;
  createIssue(input: Record<string, unknown>): Promise<unknown>;
  createComment(input: Record<string, unknown>): Promise<unknown>;
  createIssueRelation(input: Record<string, unknown>): Promise<unknown>;
  unarchiveIssue(id: string): Promise<unknown>;
  issueAddLabel(id: string, labelId: string): Promise<unknown>;
  issueRemoveLabel(id: string, labelId: string): Promise<unknown>;
  archiveIssue(id: string): Promise<unknown>;
  deleteIssue(id: string): Promise<unknown>;
}

/** The regression seeds found before people nested their work in issues and archived or restored them. */
const FOUND_BEFORE_NESTING = new Set(REGRESSION_SEEDS.linear!.filter(({ nestsWork }) => !nestsWork).map(({ seed }) => seed));
const RELATION_TYPES = ['blocks', 'related', 'similar', 'duplicate'];

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

    /**
     * Now and then, instead of an edit, a person nests their own work in what is there, an agent's
     * included: a sub-issue under a live issue, a reply in a comment's thread, a relation from an issue
     * of theirs to an agent's; or they archive a live issue, or restore one archived or in the trash.
     * Drawn apart, by the edit's tag, so every earlier draw stays; never in a seed found before.
     */
    const personNests = async (rng: Rng, tag: string): Promise<string | undefined> => {
      if (FOUND_BEFORE_NESTING.has(rng.seed)) return undefined;
      const apart = rng.apart(9_000_000, tag);
      const move = apart.next();
      const issues = live();
      // Mostly what an agent made, where a rollback can take a person's work down with the agent's.
      const agentsFirst = <T>(items: T[], byAgent: (item: T) => boolean): T => {
        const agents = items.filter(byAgent);
        return apart.pick(agents.length > 0 && apart.chance(0.7) ? agents : items);
      };
      const madeByAgent = (issue: { creatorId: string }) => issue.creatorId === seed.users.agent;
      if (move < 0.12 && issues.length > 0) {
        const parent = agentsFirst(issues, madeByAgent);
        await person.createIssue({ teamId: seed.teamId, title: `${tag} sub-issue`, parentId: parent.id });
        return `filed a sub-issue under ${state.identifier(parent)}`;
      }
      if (move < 0.24) {
        // Linear threads are one level deep: a reply answers a comment that opens a thread.
        const threads = [...state.comments.values()].filter((comment) => comment.parentId === null && issues.some((issue) => issue.id === comment.issueId));
        if (threads.length === 0) return undefined;
        const comment = agentsFirst(threads, (thread) => thread.userId === seed.users.agent);
        await person.createComment({ issueId: comment.issueId, parentId: comment.id, body: `${tag} reply` });
        return `replied to comment ${comment.id} on ${state.identifier(state.issues.get(comment.issueId)!)}`;
      }
      if (move < 0.34) {
        const theirs = issues.filter((issue) => issue.creatorId === seed.users.human);
        const agents = issues.filter(madeByAgent);
        if (theirs.length === 0 || agents.length === 0) return undefined;
        const [own, agent, type] = [apart.pick(theirs), apart.pick(agents), apart.pick(RELATION_TYPES)];
        await person.createIssueRelation({ issueId: own.id, relatedIssueId: agent.id, type });
        return `related ${state.identifier(own)} to ${state.identifier(agent)} (${type})`;
      }
      if (move < 0.41 && issues.length > 0) {
        const issue = agentsFirst(issues, madeByAgent);
        await person.archiveIssue(issue.id);
        return `archived ${state.identifier(issue)}`;
      }
      if (move < 0.48) {
        const away = [...state.issues.values()].filter((issue) => issue.archivedAt !== null);
        if (away.length === 0) return undefined;
        const issue = agentsFirst(away, madeByAgent);
        const from = issue.trashed ? 'the trash' : 'the archive';
        await person.unarchiveIssue(issue.id);
        return `restored ${state.identifier(issue)} from ${from}`;
      }
      return undefined;
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const nested = await personNests(rng, tag);
      if (nested !== undefined) return nested;
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
        // What is nested in it, listed by the item key each is checked under: its sub-issues (archiving or
        // trashing it takes them along) and its relations either way (Linear deletes them with it).
        for (const child of state.issues.values()) if (child.parentId === issue.id) fields[`issue:${child.id}`] = 'yes';
        for (const relation of state.relations.values()) if (relation.issueId === issue.id || relation.relatedIssueId === issue.id) fields[`relation:${relation.id}`] = 'yes';
        world.set(`issue:${issue.id}`, {
          kind: 'issue',
          alive: issue.archivedAt === null && !issue.trashed,
          retained: issue.archivedAt !== null && !issue.trashed,
          fields,
          names: [`linear.issue:${issue.id}`, `linear.issue:${state.identifier(issue)}`],
          identity: issue.title,
          ...(issue.parentId === null ? {} : { container: `issue:${issue.parentId}` }),
        });
      }
      for (const comment of state.comments.values()) {
        const fields: Record<string, string> = { body: comment.body, issue: comment.issueId };
        // The replies in its thread: deleting the comment takes them along.
        for (const reply of state.comments.values()) if (reply.parentId === comment.id) fields[`comment:${reply.id}`] = 'yes';
        const container = comment.parentId === null ? {} : { container: `comment:${comment.parentId}` };
        world.set(`comment:${comment.id}`, { kind: 'comment', alive: true, fields, names: [`linear.comment:${comment.id}`], identity: comment.body, ...container });
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
