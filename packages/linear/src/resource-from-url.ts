// A Linear link as the resource it names: `linear.app/<workspace>/issue/ENG-12/<slug>` names the issue by
// its identifier, while refs name issues by UUID, so the issue is read once to learn it.
import type { ResourceRef } from '@backspace/core';
import { issueRef } from './actions/issue-input.js';
import type { LinearCalls } from './linear-calls.js';
import { readIssue } from './snapshots.js';

export async function linearResourceFromUrl(client: LinearCalls, url: string): Promise<ResourceRef | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const match = /\/issue\/([A-Za-z0-9]+-\d+)(?:\/|$)/.exec(parsed.pathname);
  if (!match) return null;
  const issue = await readIssue(client, match[1]!.toUpperCase());
  return typeof issue?.id === 'string' ? issueRef(issue.id) : null;
}
