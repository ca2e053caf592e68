// OpenTelemetry spans: each action an `execute_tool` span (GenAI semantic conventions) with `backspace.*`
// attributes, each compensation a span linked to the span of the action it undoes. Only @opentelemetry/api:
// without an SDK registered every call here is a no-op. Attributes hold names, ids and outcomes, never input.
import { SpanKind, SpanStatusCode, context as otelContext, trace, type Attributes, type Link, type Span, type SpanContext } from '@opentelemetry/api';
import { BackspaceError, ProviderError } from '../errors.js';
import { toolNameOf } from './tool-listing.js';

const tracer = () => trace.getTracer('@backspace/core');

/** What the action's lifecycle tells its span as it goes. */
export interface ActionSpan {
  /** The action's definition was found: its reversibility class. */
  describe(reversibility: string): void;
  /** The intent is about to be journaled under this id. */
  started(actionId: string): void;
  /** An earlier attempt with the same key had committed: its result is returned, nothing sent. */
  replayed(): void;
  /** The span's context as a W3C traceparent, kept in the intent so a compensation can link to it. */
  traceparent(): string | null;
}

export interface ActionSpanSubject {
  action: string;
  sessionId: string;
  agentId: string;
  /** The caller's key (a framework's tool call id); absent when the runtime derives one. */
  toolCallId?: string;
}

/** Runs one action inside its `execute_tool` span; the span ends with the action's outcome. */
export async function inActionSpan<T>(subject: ActionSpanSubject, run: (span: ActionSpan) => Promise<T>): Promise<T> {
  const toolName = toolNameOf(subject.action);
  const attributes: Attributes = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': toolName,
    'gen_ai.tool.type': 'function',
    'backspace.action': subject.action,
    'backspace.session.id': subject.sessionId,
    'backspace.agent.id': subject.agentId,
  };
  if (subject.toolCallId !== undefined) attributes['gen_ai.tool.call.id'] = subject.toolCallId;
  return tracer().startActiveSpan(`execute_tool ${toolName}`, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    let replayed = false;
    const handle: ActionSpan = {
      describe: (reversibility) => span.setAttribute('backspace.reversibility', reversibility),
      started: (actionId) => span.setAttribute('backspace.action.id', actionId),
      replayed: () => {
        replayed = true;
      },
      traceparent: () => traceparentOf(span.spanContext()),
    };
    try {
      const result = await run(handle);
      span.setAttribute('backspace.outcome', replayed ? 'replayed' : 'committed');
      return result;
    } catch (error) {
      failed(span, error, actionOutcome(error));
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface CompensationSpanSubject {
  sessionId: string;
  actionId: string;
  action: string;
  rollbackId: string;
  operation: string;
}

/**
 * Runs one compensation inside its span. Once the span records, `linkedTo` gives the traceparent the
 * action's intent kept (read only then, so an untraced rollback reads nothing more).
 */
export async function inCompensationSpan<T extends { outcome: string }>(subject: CompensationSpanSubject, linkedTo: () => Promise<string | null>, run: () => Promise<T>): Promise<T> {
  const attributes: Attributes = {
    'backspace.session.id': subject.sessionId,
    'backspace.action.id': subject.actionId,
    'backspace.action': subject.action,
    'backspace.rollback.id': subject.rollbackId,
    'backspace.compensation.operation': subject.operation,
  };
  const span = tracer().startSpan(`compensate ${toolNameOf(subject.action)}`, { kind: SpanKind.INTERNAL, attributes });
  try {
    if (span.isRecording()) {
      const action = parseTraceparent(await linkedTo().catch(() => null));
      if (action) span.addLink({ context: action, attributes: { 'backspace.link': 'undoes' } } satisfies Link);
    }
    const result = await otelContext.with(trace.setSpan(otelContext.active(), span), run);
    span.setAttribute('backspace.outcome', result.outcome);
    if (result.outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: 'compensation_failed' });
    return result;
  } catch (error) {
    failed(span, error, 'failed');
    throw error;
  } finally {
    span.end();
  }
}

function failed(span: Span, error: unknown, outcome: string): void {
  const type = errorType(error);
  span.setAttribute('error.type', type);
  span.setAttribute('backspace.outcome', outcome);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** `error.type`: the Backspace code, the provider's own code, else the error's class. */
function errorType(error: unknown): string {
  if (error instanceof ProviderError && error.providerCode) return error.providerCode;
  if (BackspaceError.isInstance(error)) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}

/** `backspace.outcome` of an action that threw: what the journal recorded of it. */
function actionOutcome(error: unknown): string {
  if (!BackspaceError.isInstance(error)) return 'failed';
  switch (error.code) {
    case 'invalid_input':
      return 'rejected';
    case 'outcome_unknown':
      return 'unknown';
    case 'provider_error':
      return 'failed';
    default:
      return error.code;
  }
}

/** W3C Trace Context `traceparent` of a valid span context, else null. */
export function traceparentOf(span: SpanContext): string | null {
  if (!trace.isSpanContextValid(span)) return null;
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

export function parseTraceparent(value: unknown): SpanContext | null {
  if (typeof value !== 'string') return null;
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value);
  if (!match) return null;
  const span: SpanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return trace.isSpanContextValid(span) ? span : null;
}
