// How a failed Web API call reaches the retry layer: the WebClient's own errors, from real answers (the
// simulator's, or a gateway's it stands in for), mapped through core's ProviderError.fromResponse with
// Slack's rules on top. What was written is read from the simulator's workspace, never from the error.
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@backspace/core';
import { createSlackAdapter } from './slack-adapter.js';
import { slackCall } from './slack-errors.js';
import { startSlack } from './test-support.js';
import type { SlackSimulator } from './simulator/index.js';

let simulator: SlackSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const TEXT = 'Deploy finished';

/** One chat.postMessage through the adapter's own WebClient, and the error it failed with. */
async function postFailure(respond: () => { status: number; headers?: Record<string, string>; body?: unknown }): Promise<ProviderError> {
  const slack = await startSlack();
  simulator = slack.simulator;
  simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', respond });
  const failure = await slackCall('chat.postMessage', true, () => slack.adapter.client.web.chat.postMessage({ channel: simulator!.seed.channel, text: TEXT })).catch((error: unknown) => error);
  expect(simulator.faults.fired()).toHaveLength(1);
  expect(failure).toBeInstanceOf(ProviderError);
  return failure as ProviderError;
}

const posted = () => [...simulator!.workspace.messages.values()].filter((message) => message.text === TEXT);

describe("Slack's answers, mapped the way the retry layer needs", () => {
  it('a refusal (HTTP 200, ok: false) keeps Slack’s error string and says nothing was written', async () => {
    const error = await postFailure(() => ({ status: 200, body: { ok: false, error: 'is_archived' } }));
    expect(error).toMatchObject({ provider: 'slack', status: 200, providerCode: 'is_archived', isRetryable: false, outcomeUnknown: false });
    expect(error.message).toContain('slack chat.postMessage');
    expect(error.message).toContain('is_archived');
    expect(posted()).toEqual([]);
  });

  it('Slack failing on its side (HTTP 200, internal_error) is retried, and a write’s outcome is unknown', async () => {
    const error = await postFailure(() => ({ status: 200, body: { ok: false, error: 'internal_error' } }));
    expect(error).toMatchObject({ providerCode: 'internal_error', isRetryable: true, outcomeUnknown: true });
  });

  it('a rate limit answered with HTTP 200 keeps the Retry-After Slack sent, and never landed', async () => {
    const error = await postFailure(() => ({ status: 200, headers: { 'retry-after': '5' }, body: { ok: false, error: 'ratelimited' } }));
    expect(error).toMatchObject({ providerCode: 'ratelimited', retryAfterMs: 5000, isRetryable: true, outcomeUnknown: false });
  });

  it('a 429 is a rate limit, with the seconds Slack asked to wait', async () => {
    const slack = await startSlack();
    simulator = slack.simulator;
    simulator.faults.inject({ method: 'POST', path: '/api/chat.update', kind: 'rate-limit', retryAfterSeconds: 3 });
    const error = await slackCall('chat.update', true, () => slack.adapter.client.web.chat.update({ channel: simulator!.seed.channel, ts: '1767603600.000100', text: 'x' })).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 429, providerCode: 'ratelimited', retryAfterMs: 3000, isRetryable: true, outcomeUnknown: false });
  });

  it("a gateway's 503 carrying Slack's error keeps that string, Slack's request id and its Retry-After; a write's outcome is unknown", async () => {
    const error = await postFailure(() => ({ status: 503, headers: { 'retry-after': '2', 'x-slack-req-id': 'req-8f2a' }, body: { ok: false, error: 'service_unavailable' } }));
    expect(error).toMatchObject({ status: 503, providerCode: 'service_unavailable', requestId: 'req-8f2a', retryAfterMs: 2000, isRetryable: true, outcomeUnknown: true });
  });

  it("a gateway's answer without Slack's error is named by its status", async () => {
    const error = await postFailure(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' }));
    expect(error).toMatchObject({ status: 502, providerCode: 'http_502', isRetryable: true, outcomeUnknown: true });
  });

  it('a write answered by neither Slack’s 200 nor a refusal (a proxy’s 202) may have landed', async () => {
    const error = await postFailure(() => ({ status: 202, body: '' }));
    expect(error).toMatchObject({ status: 202, providerCode: 'http_202', isRetryable: false, outcomeUnknown: true });
  });

  it('a connection refused sent nothing: retried, and a write known not to have landed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const adapter = createSlackAdapter({ token: 'xoxb-refused-0001', baseUrl: `http://127.0.0.1:${port}` });

    const write = await slackCall('chat.postMessage', true, () => adapter.client.web.chat.postMessage({ channel: 'C0123456789', text: TEXT })).catch((failure: unknown) => failure);
    expect(write).toMatchObject({ providerCode: 'request_error', isRetryable: true, outcomeUnknown: false });
    expect((write as ProviderError).status).toBeUndefined();
  });
});
