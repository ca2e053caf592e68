// Path templates shared by the router, fault and rate-limit matchers and the OpenAPI validator.

/**
 * A compiled path template. Segments may be literal, `:name` or `{name}` (OpenAPI style, also inside
 * a segment such as `{name}.json`), and the last may be `*` or `*name`, which takes the rest of the
 * path. `*` alone matches every path.
 */
export interface PathPattern {
  readonly source: string;
  /** The percent-decoded parameters when `path` matches, otherwise `undefined`. */
  match(path: string): Record<string, string> | undefined;
}

const PARAMETER = /(?:^|\/):[^/]+|\{[^}/]+\}/g;

export function compilePathPattern(source: string): PathPattern {
  const names: string[] = [];
  const segments = trimTrailingSlash(source).split('/');
  const parts = segments.map((segment, index) => {
    if (segment.startsWith('*') && index === segments.length - 1) {
      names.push(segment.slice(1) || '*');
      return '(.*)';
    }
    if (segment.startsWith(':')) {
      names.push(segment.slice(1));
      return '([^/]+)';
    }
    return segment.replace(/\{([^}/]+)\}|([^{]+)/g, (_whole, name: string | undefined, literal: string | undefined) => {
      if (name === undefined) return escapeRegExp(literal ?? '');
      names.push(name);
      return '([^/]+?)';
    });
  });
  const regex = new RegExp(`^${parts.join('/')}$`);
  return {
    source,
    match(path) {
      const found = regex.exec(trimTrailingSlash(path));
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return params;
    },
  };
}

/**
 * Orders templates from most to least specific, so `/issues/comments` is tried before
 * `/issues/:number`, whatever order they were written in. Negative when `a` is more specific.
 */
export function compareSpecificity(a: string, b: string): number {
  const rankA = rank(a);
  const rankB = rank(b);
  return rankA.rest - rankB.rest || rankA.parameters - rankB.parameters || rankB.literalLength - rankA.literalLength;
}

function rank(source: string): { rest: number; parameters: number; literalLength: number } {
  const rest = source === '*' || /\/\*[^/]*$/.test(source) ? 1 : 0;
  const parameters = source.match(PARAMETER)?.length ?? 0;
  const literalLength = source.replace(PARAMETER, '/').replace(/\*[^/]*$/, '').length;
  return { rest, parameters, literalLength };
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
