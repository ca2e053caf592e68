// Where the conformance cases act: one channel, an agent and a human, and a reader of its state that
// never goes through the adapter. The simulator workspace reaches into the simulator's records; the API
// workspace uses only Slack's public Web API, so the same cases run against a real Slack workspace.
import type { WebClient } from '@slack/web-api';
import type { Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment } from '@backspace/testkit';

export interface SlackWorkspace {
  /** A public channel the agent and the human are both in. */
  channel: string;
  /** The agent's bot token on the Web API (for arranging the agent's own messages). */
  agent: WebClient;
  /** Acts as another user: the seeded person in the simulator, the second token in a live sandbox. */
  human: WebClient;
  humanUserId(): Promise<string>;
  /** A message a person posted in the channel, for the agent to react to or pin (fresh for each check live). */
  personsMessage(): Promise<string>;
  /** A channel name no earlier run used. */
  uniqueChannelName(prefix: string): string;
  /** A resource's state, read without the adapter, comparable as JSON. */
  inspect(resource: ResourceRef): Promise<Json | null>;
}

export type SlackConformanceEnvironment = ConformanceEnvironment & { workspace: SlackWorkspace };

export function workspaceOf(environment: ConformanceEnvironment): SlackWorkspace {
  return (environment as SlackConformanceEnvironment).workspace;
}
