// The AI SDK's mock model scripted step by step, for the tests that drive `generateText` through
// Backspace's tools: each call of the model answers the next step given, then plain text.
import { MockLanguageModelV3 } from 'ai/test';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

/** One answer of the model: its content, finishing with tool calls or a stop. */
export const step = (content: unknown[], unified: 'tool-calls' | 'stop') => ({ content, finishReason: { unified, raw: unified }, usage, warnings: [] }) as never;

/** A model answering these steps in turn, then "done". */
export const model = (...steps: unknown[]) => new MockLanguageModelV3({ doGenerate: async () => (steps.shift() as never) ?? step([{ type: 'text', text: 'done' }], 'stop') });
