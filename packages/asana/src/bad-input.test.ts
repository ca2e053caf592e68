// Bad input that only Asana can judge (unknown gids, wrong custom field values, no workspace): a typed
// ProviderError carrying Asana's message, and nothing committed, neither in Asana nor in the journal.
import { describe, expect, it } from 'vitest';
import { BackspaceError, ProviderError, type Runtime } from '@backspace/core';
import { createAsanaAdapter } from './adapter.js';
import { asanaEachTest, type AsanaTestEnvironment } from './test-support/environment.js';

describe('bad input', () => {
  let environment: AsanaTestEnvironment;
  let runtime: Runtime;
  asanaEachTest((made) => ({ environment, runtime } = made));

  /** Runs one action expecting Asana to refuse it; returns the error and checks nothing changed. */
  async function refused(action: string, input: unknown): Promise<ProviderError> {
    const before = JSON.stringify(environment.simulator.inspect());
    const session = await runtime.startSession({ agentId: 'bad-input' });
    const error = await session.run(action, input).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(JSON.stringify(environment.simulator.inspect()), 'Asana holds no trace of the attempt').toBe(before);
    const entries = await runtime.journal.sessionEntries(session.id);
    expect(entries.map((entry) => entry.type)).not.toContain('action.committed');
    expect(entries.map((entry) => entry.type)).toContain('action.failed');
    const providerError = error as ProviderError;
    expect(providerError).toMatchObject({ code: 'provider_error', provider: 'asana', isRetryable: false, outcomeUnknown: false });
    expect(providerError.message).not.toContain(environment.simulator.tokens.agent);
    return providerError;
  }

  it('an unknown task gid: 404 with Asana’s message', async () => {
    const error = await refused('asana.task.update', { gid: '1999999999999', completed: true });
    expect(error).toMatchObject({ status: 404, providerCode: 'not_found' });
    expect(error.message).toContain('Unknown object: 1999999999999');
  });

  it('an unknown project, tag or parent in a relation write: 404, the task untouched', async () => {
    const task = environment.simulator.seed.taskGids[0]!;
    expect((await refused('asana.task.project.add', { gid: task, project: '1888888888888' })).message).toContain('Unknown object: 1888888888888');
    expect((await refused('asana.task.tag.add', { gid: task, tag: '1777777777777' })).status).toBe(404);
    expect((await refused('asana.task.parent.set', { gid: task, parent: '1666666666666' })).status).toBe(404);
  });

  it('invalid custom field values: 400 naming the field, and no other field of the same update applied', async () => {
    const { seed } = environment.simulator;
    const task = seed.taskGids[0]!;
    const enumError = await refused('asana.task.update', { gid: task, completed: true, custom_fields: { [seed.customFields.priority.gid]: '1234' } });
    expect(enumError).toMatchObject({ status: 400, providerCode: 'bad_request' });
    expect(enumError.message).toContain('is not a valid enum option of custom field');
    const numberError = await refused('asana.task.update', { gid: task, custom_fields: { [seed.customFields.estimate]: 'a lot' } });
    expect(numberError.message).toContain('must be a number');
    const unknownField = await refused('asana.task.create', { name: 'Half valid', projects: [seed.projectGid], custom_fields: { '1555555555555': 'x' } });
    expect(unknownField.message).toContain('Custom field with ID 1555555555555 is not on given object');
  });

  it('a task created with no workspace, project or parent: 400 with Asana’s message, nothing created', async () => {
    const error = await refused('asana.task.create', { name: 'Nowhere' });
    expect(error.status).toBe(400);
    expect(error.message).toContain('workspace: Missing input');
  });

  it('input the schema refuses never reaches Asana', async () => {
    const requests = environment.simulator.log.entries().length;
    const session = await runtime.startSession({ agentId: 'bad-input' });
    await expect(session.run('asana.task.update', { gid: '12', due_on: '12/01/2026' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(session.run('asana.task.update', { gid: '12' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(session.run('asana.task.create', { name: 'x', external: { gid: 'mine' } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(environment.simulator.log.entries().length).toBe(requests);
  });

  it('no token anywhere: invalid_config naming ASANA_TOKEN', () => {
    const saved = process.env.ASANA_TOKEN;
    delete process.env.ASANA_TOKEN;
    try {
      const error = (() => {
        try {
          createAsanaAdapter({});
        } catch (caught) {
          return caught;
        }
      })();
      expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_config');
      expect((error as Error).message).toContain('ASANA_TOKEN');
    } finally {
      if (saved !== undefined) process.env.ASANA_TOKEN = saved;
    }
  });
});
