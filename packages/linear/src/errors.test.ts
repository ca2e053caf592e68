// Provider failures as a caller sees them: rate limits with Retry-After, resets, auth; tokens never leak.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createLinearAdapter } from './linear-adapter.js';
import { startLinear } from './test-support.js';

let linear: Awaited<ReturnType<typeof startLinear>> | undefined;
afterEach(async () => {
  await linear?.simulator.close();
  linear = undefined;
});

const readFirstIssue = async () => linear!.adapter.read({ provider: 'linear', type: 'issue', id: linear!.simulator.seed.issues['ENG-1']! });

describe('linear: errors', () => {
  it('a spent request budget is a retryable 429 with Retry-After, answered as Linear does (HTTP 400, RATELIMITED)', async () => {
    linear = await startLinear({ requestsPerHour: 1 });
    await readFirstIssue(); // one request: the issue with its comments
    const error = await readFirstIssue().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 429, providerCode: 'Ratelimited', isRetryable: true, outcomeUnknown: false });
    expect((error as ProviderError).retryAfterMs).toBeGreaterThan(3_500_000);
    const raw = await fetch(linear.simulator.apiUrl, { method: 'POST', headers: { authorization: linear.simulator.seed.tokens.agent, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-ratelimit-requests-remaining')).toBe('0');
    expect(await raw.json()).toMatchObject({ errors: [{ extensions: { type: 'ratelimited', code: 'RATELIMITED' } }] });
  });

  it('every answer carries the request and complexity budgets the SDK reads', async () => {
    linear = await startLinear();
    const raw = await fetch(linear.simulator.apiUrl, { method: 'POST', headers: { authorization: linear.simulator.seed.tokens.agent, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { id name } }' }) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-ratelimit-requests-limit')).toBe('5000');
    expect(raw.headers.get('x-ratelimit-requests-remaining')).toBe('4999');
    expect(Number(raw.headers.get('x-ratelimit-complexity-remaining'))).toBeLessThan(Number(raw.headers.get('x-ratelimit-complexity-limit')));
  });

  it('a reset connection on a write is retryable and its outcome unknown; the token is not in the message', async () => {
    linear = await startLinear();
    linear.simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'reset' });
    const error = await linear.adapter.client.call((sdk) => sdk.createIssue({ teamId: linear!.simulator.seed.teamId, title: 'x' })).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ providerCode: 'NetworkError', isRetryable: true, outcomeUnknown: true });
    expect((error as Error).message).not.toContain(linear.simulator.seed.tokens.agent);
    expect(linear.simulator.state.issues.size).toBe(3);
  });

  it('a server error on a write is retryable and its outcome unknown', async () => {
    linear = await startLinear();
    linear.simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 503 });
    const error = await readFirstIssue().catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 503, isRetryable: true, outcomeUnknown: true });
  });

  it("deleting someone else's comment is refused as Forbidden, with Linear's message", async () => {
    linear = await startLinear();
    const payload = await linear.human.createComment({ issueId: linear.simulator.seed.issues['ENG-1']!, body: 'mine' });
    const commentId = (await payload.comment)!.id;
    const error = await linear.adapter.client.call((sdk) => sdk.deleteComment(commentId)).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ providerCode: 'Forbidden', isRetryable: false, outcomeUnknown: false });
    expect((error as Error).message).toContain('You can only delete your own comments');
    // The shared form: provider, the SDK's GraphQL operation, Linear's HTTP status, its message.
    expect((error as Error).message).toMatch(/^linear deleteComment: \d{3} /);
    expect(linear.simulator.state.comments.has(commentId)).toBe(true);
  });

  it('the API key never reaches the journal', async () => {
    linear = await startLinear();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [linear.adapter], policy: [] });
      const session = await runtime.startSession({ agentId: 'agent' });
      await session.run('linear.comment.create', { issueId: linear.simulator.seed.issues['ENG-1']!, body: 'noted' });
      await session.run('linear.issue.create', { teamId: 'not-a-team', title: 'fails' }).catch(() => undefined);
      await session.end();
      await runtime.rollback(session.id);
      const entries = await journal.sessionEntries(session.id);
      expect(entries.length).toBeGreaterThan(4);
      expect(JSON.stringify(entries)).not.toContain(linear.simulator.seed.tokens.agent);
    } finally {
      await journal.close();
    }
  });

  it('a missing API key is a configuration error naming LINEAR_API_KEY', () => {
    const saved = process.env.LINEAR_API_KEY;
    delete process.env.LINEAR_API_KEY;
    try {
      expect(() => createLinearAdapter({})).toThrow(BackspaceError);
      expect(() => createLinearAdapter({})).toThrow(/LINEAR_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.LINEAR_API_KEY = saved;
    }
  });

  it('a request without an API key is refused as an authentication error', async () => {
    linear = await startLinear();
    const raw = await fetch(linear.simulator.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ errors: [{ extensions: { type: 'authentication error' } }] });
  });
});
