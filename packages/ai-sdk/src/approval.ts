// The AI SDK's own approval of one tool call: the `tool-approval-response` the app added for the
// `tool-approval-request` the SDK made for that call id (the SDK runs `execute` only for approved calls).
import type { ModelMessage } from 'ai';

export function approvalIn(messages: ModelMessage[], toolCallId: string): { reason?: string } | undefined {
  const requests = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) if (part.type === 'tool-approval-request') requests.set(part.approvalId, part.toolCallId);
  }
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-approval-response' && part.approved && requests.get(part.approvalId) === toolCallId) return part.reason ? { reason: part.reason } : {};
    }
  }
  return undefined;
}
