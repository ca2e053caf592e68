// OpenTelemetry as an operator's tracing backend sees it (the SDK's in-memory exporter): each action an
// `execute_tool` span by the GenAI semantic conventions, each compensation a span linked to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  trace.disable();
  await provider.shutdown();
});

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

describe('OpenTelemetry spans', () => {
  it('an execute_tool span per action with its outcome, and each compensation linked to the span of the action it undoes', async () => {
    const github = await createGithubSimulator();
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], killSwitchPollMs: 0 });
    try {
      const { owner, repo } = github.seed;
      const session = await runtime.startSession({ agentId: 'triage-bot' });
      await session.run('github.issue.create', { owner, repo, title: 'Traced issue' }, { idempotencyKey: 'call_1' });
      await session.run('github.issue.create', { owner, repo, title: 'Traced issue' }, { idempotencyKey: 'call_1' });
      await expect(session.run('github.issue.create', { owner, repo, title: '' }, { idempotencyKey: 'call_2' })).rejects.toMatchObject({ code: 'invalid_input' });
      await session.end();

      const actions = exporter.getFinishedSpans().filter((span) => span.attributes['gen_ai.operation.name'] === 'execute_tool');
      expect(actions.map((span) => [span.name, span.attributes['gen_ai.tool.call.id'], span.attributes['backspace.outcome']])).toEqual([
        ['execute_tool github_issue_create', 'call_1', 'committed'],
        ['execute_tool github_issue_create', 'call_1', 'replayed'],
        ['execute_tool github_issue_create', 'call_2', 'rejected'],
      ]);
      const [created, , rejected] = actions as [ReadableSpan, ReadableSpan, ReadableSpan];
      const entries = await runtime.journal.sessionEntries(session.id);
      const intent = entries.find((entry) => entry.type === 'action.intent')!;
      expect(created.attributes).toMatchObject({
        'gen_ai.tool.name': 'github_issue_create',
        'backspace.session.id': session.id,
        'backspace.action': 'github.issue.create',
        'backspace.action.id': intent.actionId,
        'backspace.reversibility': 'compensatable',
      });
      expect(created.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(rejected.attributes['error.type']).toBe('invalid_input');
      expect(rejected.status.code).toBe(SpanStatusCode.ERROR);
      // The journal keeps the action's trace context (W3C traceparent) in its intent.
      expect((intent.data as { traceparent?: string }).traceparent).toBe(traceparentOf(created));

      const report = await runtime.rollback(session.id);
      expect(report.counts.undone).toBe(1);
      const compensations = exporter.getFinishedSpans().filter((span) => span.name.startsWith('compensate '));
      expect(compensations).toHaveLength(1);
      const [compensation] = compensations as [ReadableSpan];
      expect(compensation.attributes).toMatchObject({ 'backspace.action.id': intent.actionId, 'backspace.outcome': 'verified', 'backspace.rollback.id': report.rollbackId });
      expect(compensation.links.map((link) => link.context.spanId)).toEqual([created.spanContext().spanId]);
      expect(compensation.links[0]!.context.traceId).toBe(created.spanContext().traceId);

      // No span attribute, event or status holds the adapter's token.
      const recorded = JSON.stringify(exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status, links: span.links })));
      expect(recorded).not.toContain(github.seed.tokens.agent);
    } finally {
      await runtime.journal.close();
      await github.close();
    }
  });
});
