// A file or a link a person attaches to the agent's new task is their work, and deleting the task takes
// it along (an attachment lives on its task). Asana records each as an `attachment_added` story on the
// task, which the rollback's read of the task's stories sees: the task stays, a conflict naming it. The
// person attaches through their own Asana SDK client (multipart, as Asana takes uploads); the outcome
// is read from the simulator's records.
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Asana from 'asana';
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

async function agentCreatesTask() {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const task = (await session.run('asana.task.create', { name: 'Checkout times out', projects: [simulator.seed.projectGid] })) as { gid: string };
  await session.end();
  return { ...environment, runtime, session, task };
}

/** The person's own attachments client on the official SDK. */
const attachments = () => new Asana.AttachmentsApi(environment.human.api);
const attachmentsOn = (gid: string) => environment.simulator.store.state.attachments.filter((attachment) => attachment.parent === gid);

it("keeps the agent's task a person attached a link to, named as a conflict", async () => {
  const { human, runtime, session, task } = await agentCreatesTask();
  await human.call('createAttachmentForObject', true, () => attachments().createAttachmentForObject({ resource_subtype: 'external', parent: task.gid, url: 'https://example.com/har/checkout.har', name: 'checkout.har' }));

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.create', 'conflict']]);
  // Named by the story that records the attachment: the task's own record of who attached what.
  const story = environment.simulator.store.state.stories.find((candidate) => candidate.task === task.gid && candidate.subtype === 'attachment_added')!;
  expect(report.residue.join('\n')).toContain(`asana.story:${story.gid} put inside it by others`);
  expect(environment.simulator.task(task.gid)?.trashedAt, 'the task is still there').toBeNull();
  expect(attachmentsOn(task.gid).map((attachment) => attachment.name), 'with the person’s attachment').toEqual(['checkout.har']);
  await runtime.journal.close();
});

it("keeps the agent's task a person uploaded a file to", async () => {
  const { human, runtime, session, task } = await agentCreatesTask();
  // A file from disk, streamed as the SDK uploads one (a multipart part with its file name); the SDK's
  // types call the file a string, but it sends a stream as the file itself.
  const path = join(mkdtempSync(join(tmpdir(), 'asana-upload-')), 'trace.txt');
  writeFileSync(path, 'GET /checkout 504 after 30s\n');
  await human.call('createAttachmentForObject', true, () => attachments().createAttachmentForObject({ parent: task.gid, file: createReadStream(path) as unknown as string }));

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect(environment.simulator.task(task.gid)?.trashedAt).toBeNull();
  expect(attachmentsOn(task.gid).map((attachment) => attachment.name)).toEqual(['trace.txt']);
  await runtime.journal.close();
});
