// The AI SDK's mock model scripted step by step, for the tests that drive `generateText` through
// Backspace's tools: each call of the model answers the next step given, then plain text.
import { MockLanguageModelV3 } from 'ai/test';
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

/** One answer of the model: its content, finishing with tool calls or a stop. */
export const step = (content: unknown[], unified: 'tool-calls' | 'stop') => ({ content, finishReason: { unified, raw: unified }, usage, warnings: [] }) as never;

/** A model answering these steps in turn, then "done". */
export const model = (...steps: unknown[]) => new MockLanguageModelV3({ doGenerate: async () => (steps.shift() as never) ?? step([{ type: 'text', text: 'done' }], 'stop') });

/** A GitHub simulator and a runtime over its adapter on an in-memory journal, with these approval rules; the simulator's issues by title. */
export async function githubRuntime(policy: PolicyRule[] = []): Promise<{ github: GithubSimulator; runtime: Runtime; titled(title: string): { title: string }[] }> {
  const github = await createGithubSimulator();
  const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy, killSwitchPollMs: 0 });
  return { github, runtime, titled: (title) => [...(github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.values()].filter((issue) => issue.title === title) };
}
