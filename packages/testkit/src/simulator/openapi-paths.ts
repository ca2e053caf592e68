// Finds the OpenAPI path template a concrete request path belongs to.
import { compareSpecificity, compilePathPattern } from '@backspace/simulator-kit';

export interface PathTemplateMatch {
  /** The template as the document spells it, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  readonly template: string;
  readonly params: Record<string, string>;
}

/** Whether `path` (a concrete path, query string allowed) fits `template`; its parameters if so. */
export function matchPathTemplate(template: string, path: string): Record<string, string> | undefined {
  return compilePathPattern(template).match(stripQuery(path));
}

/**
 * The most specific of `templates` that `path` fits: `/issues/comments` wins over
 * `/issues/{issue_number}` for `/issues/comments`, as a server's router would decide.
 */
export function findPathTemplate(templates: Iterable<string>, path: string): PathTemplateMatch | undefined {
  const ordered = [...templates].sort(compareSpecificity);
  for (const template of ordered) {
    const params = matchPathTemplate(template, path);
    if (params) return { template, params };
  }
  return undefined;
}

function stripQuery(path: string): string {
  const queryStart = path.indexOf('?');
  return queryStart === -1 ? path : path.slice(0, queryStart);
}
