// An attachment is work a person puts on an issue: a link to their pull request, a Sentry event, a file
// (Linear's `attachmentCreate` and `attachmentLinkURL`, listed by `Issue.attachments`). The agent has no
// attachment action, so every attachment on the agent's issue is someone else's. The undo of the agent's
// creation (a trash here, which Linear empties after 30 days, attachments and all) keeps the issue, a
// conflict naming the attachment, in the plan and the run alike. Read back through the simulator's records
// and the person's own LinearClient, 31 days on.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import type { Clock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const setup = linearRuntimePerTest({ clock }, { clock });
const DAYS_31 = 31 * 24 * 3_600_000;

describe("linear: a person's attachment on the agent's issue", () => {
  for (const how of ['attachmentCreate', 'attachmentLinkURL'] as const) {
    it(`keeps the agent's issue out of the trash, naming the attachment (${how})`, async () => {
      const { runtime, simulator, human } = await setup();
      const session = await runtime.startSession({ agentId: 'triage' });
      const issue = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout 500 on gift cards', undo: 'trash' })) as { id: string };
      await session.end();
      const url = 'https://github.com/acme/shop/pull/42';
      const payload = how === 'attachmentCreate' ? await human.createAttachment({ issueId: issue.id, title: 'Fix gift card rounding', url }) : await human.attachmentLinkURL(issue.id, url, { title: 'Fix gift card rounding' });
      const attachment = (await payload.attachment)!;

      const plan = await runtime.planRollback(session.id);
      const report = await runtime.rollback(session.id);

      expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
      expect(plan.steps[0]!.reason).toContain(`linear.attachment:${attachment.id}`);
      expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
      expect(report.residue.join('\n')).toContain(`linear.attachment:${attachment.id}`);
      expect(simulator.state.issues.get(issue.id)).toMatchObject({ archivedAt: null, trashed: null });
      clock.advance(DAYS_31);
      const kept = await human.attachment(attachment.id);
      expect({ url: kept.url, issue: (await kept.issue)?.id }).toEqual({ url, issue: issue.id });
    });
  }
});
