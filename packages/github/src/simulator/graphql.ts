// The one GraphQL mutation the simulator serves, `revertPullRequest`, with a small selection-set parser
// (the `graphql` package is not a dependency of this package).

export type Selection = { [field: string]: Selection | null };

/** Parses `{ a b { c } d(x: 1) }` into `{ a: null, b: { c: null }, d: null }`; aliases and fragments are not supported. */
export function parseSelection(source: string, start: number): { selection: Selection; end: number } {
  const selection: Selection = {};
  let index = source.indexOf('{', start) + 1;
  while (index < source.length) {
    const char = source[index]!;
    if (/[\s,]/.test(char)) {
      index += 1;
    } else if (char === '}') {
      return { selection, end: index + 1 };
    } else if (char === '(') {
      index = source.indexOf(')', index) + 1;
    } else if (char === '{') {
      const names = Object.keys(selection);
      const nested = parseSelection(source, index);
      selection[names[names.length - 1]!] = nested.selection;
      index = nested.end;
    } else {
      const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(index))?.[0];
      if (!name) throw new Error(`Parse error on "${char}"`);
      selection[name] = null;
      index += name.length;
    }
  }
  throw new Error('Parse error: unexpected end of document');
}

/** Keeps only the fields the query asked for, as a GraphQL server does. */
export function project(value: unknown, selection: Selection | null): unknown {
  if (selection === null || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, selection));
  return Object.fromEntries(Object.entries(selection).map(([field, nested]) => [field, project((value as Record<string, unknown>)[field] ?? null, nested)]));
}

/** The `input` of `revertPullRequest(input: ...)`: from variables, or an inline object with string fields. */
export function revertInput(query: string, variables: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const call = /revertPullRequest\s*\(\s*input\s*:\s*(\$\w+|\{[^}]*\})\s*\)/.exec(query);
  if (!call) return undefined;
  const argument = call[1]!;
  if (argument.startsWith('$')) {
    const value = variables?.[argument.slice(1)];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  }
  const fields: Record<string, unknown> = {};
  for (const match of argument.matchAll(/(\w+)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(true|false))/g)) fields[match[1]!] = match[2] ?? match[3] === 'true';
  return fields;
}
