// What a tool call gives back to the model: a status, one line saying what happened and what to do next,
// and the details. A refusal is a result, not a thrown error, so the model reads it and the loop goes on.
import { scrubSecrets, toJson, toolRefusal } from '@backspace/core';

export type ToolStatus = 'done' | 'approval-pending' | 'denied' | 'blocked' | 'killed' | 'failed';

export interface BackspaceToolOutput {
  status: ToolStatus;
  action: string;
  toolCallId: string;
  message: string;
  result?: unknown;
  reversibility?: string;
  code?: string;
}

export function errorOutput(action: string, toolCallId: string, error: unknown): BackspaceToolOutput {
  return { action, toolCallId, ...toolRefusal(action, error) };
}

/** The output with every secret the adapters hold replaced, for a model's eyes. */
export function scrubbedOutput(output: BackspaceToolOutput, secrets: string[]): BackspaceToolOutput {
  return secrets.length === 0 ? output : (scrubSecrets(toJson(output), secrets) as unknown as BackspaceToolOutput);
}
