// Linear's part of `backspace demo`: the agent files three duplicates of a known bug and closes the
// original; a human comments on one duplicate. Rollback archives the untouched duplicates as duplicates
// of the original, leaves the discussed one open (a reported conflict), and reopens the original.
import { LinearClient } from '@linear/sdk';
import type { Session } from '@backspace/core';
import type { DemoPart, DemoVerification } from '@backspace/simulator-kit';
import { createLinearAdapter } from '../linear-adapter.js';
import { createLinearSimulator } from './create-simulator.js';

export interface LinearDemoOptions {
  /** The human also moves the original bug to Canceled after the agent closed it (rollback must keep that). */
  humanMovesOriginal?: boolean;
}

interface AgentIssue {
  id: string;
  identifier: string;
}

export async function createLinearDemo(options: LinearDemoOptions = {}): Promise<DemoPart> {
  const simulator = await createLinearSimulator();
  const { seed } = simulator;
  const adapter = createLinearAdapter({ token: seed.tokens.agent, baseUrl: simulator.url });
  const human = new LinearClient({ apiKey: seed.tokens.human, apiUrl: simulator.apiUrl });
  const originalId = seed.issues['ENG-1']!;
  const duplicates: AgentIssue[] = [];
  let originalStateBefore: string | undefined;
  let humanComment: { issueId: string; body: string } | undefined;
  let humanState: string | undefined;

  const stateName = (stateId: string | undefined) => Object.entries(seed.workflowStates).find(([, id]) => id === stateId)?.[0] ?? stateId;

  return {
    provider: 'linear',
    adapter,
    simulator: simulator as unknown as DemoPart['simulator'],

    async agent(session: Session) {
      const original = await human.issue(originalId);
      originalStateBefore = original.stateId;
      const lines: string[] = [];
      for (const attempt of [1, 2, 3]) {
        const created = (await session.run('linear.issue.create', {
          teamId: seed.teamId,
          title: original.title,
          description: `Customer escalation ACME-${attempt}: checkout returns a 500 with a gift card.`,
          labelIds: [seed.labels.Bug],
          priority: 1,
        })) as AgentIssue;
        duplicates.push(created);
        lines.push(`opened ${created.identifier} "${original.title}" (a duplicate of ${original.identifier})`);
      }
      await session.run('linear.issue.update', { id: originalId, stateId: seed.workflowStates.Done });
      lines.push(`moved ${original.identifier} from ${stateName(originalStateBefore)} to Done, though nothing was fixed`);
      return lines;
    },

    async human() {
      const discussed = duplicates[1]!;
      humanComment = { issueId: discussed.id, body: 'ACME confirmed this one also fails with store credit, not just gift cards.' };
      await human.createComment(humanComment);
      const lines = [`Hana commented on ${discussed.identifier}: "${humanComment.body}"`];
      if (options.humanMovesOriginal) {
        humanState = seed.workflowStates.Canceled;
        await human.updateIssue(originalId, { stateId: humanState });
        lines.push('Hana moved ENG-1 to Canceled');
      }
      return lines;
    },

    async verify(): Promise<DemoVerification> {
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      for (const duplicate of duplicates) {
        const issue = await human.issue(duplicate.id);
        const comments = (await issue.comments()).nodes;
        if (duplicate.id === humanComment?.issueId) {
          // Others built on it: rollback reports a conflict and leaves it open. That is declared residue,
          // not an agent effect remaining; archiving it would have hidden the human's comment.
          if (!comments.some((comment) => comment.body === humanComment!.body)) humanEditsLost.push(`Hana's comment on ${duplicate.identifier} is gone`);
          if (issue.archivedAt) humanEditsLost.push(`${duplicate.identifier}, which Hana commented on, was archived`);
          continue;
        }
        const relations = (await issue.relations()).nodes;
        if (!issue.archivedAt) agentEffectsRemaining.push(`${duplicate.identifier} is still open`);
        if (!relations.some((relation) => relation.type === 'duplicate' && relation.relatedIssueId === originalId)) {
          agentEffectsRemaining.push(`${duplicate.identifier} is not marked a duplicate of ENG-1`);
        }
      }
      const original = await human.issue(originalId);
      if (humanState) {
        if (original.stateId !== humanState) humanEditsLost.push(`ENG-1 is ${stateName(original.stateId)}, not Canceled as Hana left it`);
      } else if (original.stateId !== originalStateBefore) {
        agentEffectsRemaining.push(`ENG-1 is ${stateName(original.stateId)}, not back to ${stateName(originalStateBefore)}`);
      }
      return { agentEffectsRemaining, humanEditsLost };
    },

    close: () => simulator.close(),
  };
}
