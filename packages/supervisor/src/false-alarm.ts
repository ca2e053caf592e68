// A person marks a finding a false alarm: journaled by an operator's runtime, never the supervisor's.
import type { Finding, Runtime } from '@backspace/core';

export function markFalseAlarm(operatorRuntime: Runtime, findingId: string, decision: { by: string; reason: string }): Promise<Finding> {
  return operatorRuntime.supervision.markFalseAlarm(findingId, decision);
}
