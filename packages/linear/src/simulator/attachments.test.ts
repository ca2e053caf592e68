// Fidelity of attachments, as the schema describes them: `attachmentCreate` on an issue named by UUID or
// identifier, the same URL on the same issue updating the attachment there instead of adding one;
// `attachmentLinkURL` with a client-chosen id and the URL for a title; `Issue.attachments` paged as any
// connection; `attachmentDelete`; and a trashed issue's attachments gone with it after 30 days.
import { afterEach, expect, it } from 'vitest';
import { LinearClient } from '@linear/sdk';
import { createManualClock } from '@backspace/testkit';
import type { Clock } from '@backspace/core';
import { createLinearSimulator, type LinearSimulator } from './index.js';

let simulator: LinearSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

it('creates, updates by URL, lists, links, deletes and purges attachments as Linear does', async () => {
  const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
  simulator = await createLinearSimulator({ clock });
  const { seed, state } = simulator;
  const person = new LinearClient({ apiKey: seed.tokens.human, apiUrl: simulator.apiUrl });
  const url = 'https://github.com/acme/shop/pull/42';

  const first = await (await person.createAttachment({ issueId: 'ENG-1', title: 'PR #42', url })).attachment;
  const again = await (await person.createAttachment({ issueId: seed.issues['ENG-1']!, title: 'PR #42: fix rounding', url })).attachment;
  expect(again?.id).toBe(first?.id);
  expect(state.attachments.get(first!.id)).toMatchObject({ title: 'PR #42: fix rounding', creatorId: seed.users.human });

  const linkedId = '0b6f2f39-7c55-4d0e-9d7a-2b1f6c0e8a31';
  await person.attachmentLinkURL('ENG-1', 'https://sentry.io/issues/7', { id: linkedId });
  expect((await person.attachment(linkedId)).title).toBe('https://sentry.io/issues/7');
  const page = await (await person.issue('ENG-1')).attachments({ first: 1 });
  expect([page.nodes.map((attachment) => attachment.id), page.pageInfo.hasNextPage]).toEqual([[first!.id], true]);

  await person.deleteAttachment(linkedId);
  await expect(person.attachment(linkedId)).rejects.toThrow(/Entity not found: Attachment/);

  await person.deleteIssue(seed.issues['ENG-1']!);
  clock.advance(31 * 24 * 3_600_000);
  await expect(person.attachment(first!.id)).rejects.toThrow(/Entity not found: Attachment/);
  expect(state.attachments.size).toBe(0);
});
