// The simulator's small GraphQL engine (the `graphql` package is not a dependency of this package): a
// parser for the documents the adapter and Octokit send (operations, variables, aliases, arguments,
// inline fragments) and an executor over plain objects whose fields are values or resolvers.

export interface FieldNode {
  kind: 'field';
  alias: string;
  name: string;
  args: Record<string, unknown>;
  selection: SelectionNode[] | null;
}

export interface FragmentNode {
  kind: 'fragment';
  on: string;
  selection: SelectionNode[];
}

export type SelectionNode = FieldNode | FragmentNode;

export interface Operation {
  type: 'query' | 'mutation';
  selection: SelectionNode[];
}

/** A GraphQL error as GitHub words it: `type` for resolver errors (NOT_FOUND, FORBIDDEN), `extensions` for validation. */
export interface GraphqlError {
  type?: string;
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
  locations: { line: number; column: number }[];
}

/** Thrown by a resolver: the field is null and the error is listed with its path. */
export class FieldError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/** Thrown while parsing or validating: the whole document is refused, no data. */
export class DocumentError extends Error {
  constructor(message: string, readonly extensions: Record<string, unknown> = {}) {
    super(message);
  }
}

const TOKEN = /\s+|,|#[^\n]*|\.\.\.|[{}():$!=[\]@]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[_A-Za-z][_0-9A-Za-z]*/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new DocumentError(`Parse error on "${source[at]}" (at ${at})`);
    if (!/^(?:\s+|,|#.*)$/.test(match[0])) tokens.push(match[0]);
  }
  return tokens;
}

/** Parses one operation; `$variables` are replaced by their values as arguments are read. */
export function parseDocument(source: string, variables: Record<string, unknown> = {}): Operation {
  const tokens = tokenize(source);
  let index = 0;
  const peek = () => tokens[index];
  const next = () => {
    const token = tokens[index++];
    if (token === undefined) throw new DocumentError('Parse error: unexpected end of document');
    return token;
  };
  const expect = (token: string) => {
    const found = next();
    if (found !== token) throw new DocumentError(`Parse error on "${found}": expected "${token}"`);
  };
  const name = () => {
    const found = next();
    if (!/^[_A-Za-z]/.test(found)) throw new DocumentError(`Parse error on "${found}": expected a name`);
    return found;
  };

  const value = (): unknown => {
    const token = next();
    if (token === '$') return variables[name()] ?? null;
    if (token.startsWith('"')) return JSON.parse(token);
    if (/^-?\d/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (token === '[') {
      const list: unknown[] = [];
      while (peek() !== ']') list.push(value());
      next();
      return list;
    }
    if (token === '{') {
      const object: Record<string, unknown> = {};
      while (peek() !== '}') {
        const key = name();
        expect(':');
        object[key] = value();
      }
      next();
      return object;
    }
    return token; // an enum value
  };

  const selectionSet = (): SelectionNode[] => {
    expect('{');
    const nodes: SelectionNode[] = [];
    while (peek() !== '}') {
      if (peek() === '...') {
        next();
        if (next() !== 'on') throw new DocumentError('Parse error: only inline fragments (`... on Type`) are supported');
        const on = name();
        nodes.push({ kind: 'fragment', on, selection: selectionSet() });
        continue;
      }
      let alias = name();
      let field = alias;
      if (peek() === ':') {
        next();
        field = name();
      }
      const args: Record<string, unknown> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const key = name();
          expect(':');
          args[key] = value();
        }
        next();
      }
      nodes.push({ kind: 'field', alias, name: field, args, selection: peek() === '{' ? selectionSet() : null });
    }
    next();
    return nodes;
  };

  let type: Operation['type'] = 'query';
  if (peek() === 'query' || peek() === 'mutation') {
    type = next() as Operation['type'];
    if (peek() !== '{' && peek() !== '(') name();
    // Variable definitions: their values come from `variables`.
    if (peek() === '(') while (next() !== ')');
  }
  const selection = selectionSet();
  if (index < tokens.length) throw new DocumentError(`Parse error on "${tokens[index]}": one operation per document`);
  return { type, selection };
}

/** A plain object field may be a resolver of the field's arguments. */
export type Resolvable = { __typename: string } & Record<string, unknown>;

/** Runs a selection over `root`, as a GraphQL server does: only what was asked, errors beside data. */
export function execute(selection: SelectionNode[], root: Resolvable): { data: Record<string, unknown>; errors: GraphqlError[] } {
  const errors: GraphqlError[] = [];
  const select = (object: Resolvable, nodes: SelectionNode[], path: (string | number)[]): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const node of nodes) {
      if (node.kind === 'fragment') {
        if (node.on === object.__typename) Object.assign(result, select(object, node.selection, path));
        continue;
      }
      if (node.name !== '__typename' && !(node.name in object)) {
        throw new DocumentError(`Field '${node.name}' doesn't exist on type '${object.__typename}'`, { code: 'undefinedField', typeName: object.__typename, fieldName: node.name });
      }
      const where = [...path, node.alias];
      try {
        const field = object[node.name];
        const resolved = typeof field === 'function' ? (field as (args: Record<string, unknown>) => unknown)(node.args) : field;
        result[node.alias] = shape(resolved, node, where);
      } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        errors.push({ type: error.type, path: where, locations: [], message: error.message });
        result[node.alias] = null;
      }
    }
    return result;
  };
  const shape = (value: unknown, node: FieldNode, path: (string | number)[]): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((item, index) => shape(item, node, [...path, index]));
    if (typeof value !== 'object') return value;
    if (!node.selection) throw new DocumentError(`Field must have selections (field '${node.name}' returns ${(value as Resolvable).__typename} but has no selections.)`);
    return select(value as Resolvable, node.selection, path);
  };
  return { data: select(root, selection, []), errors };
}

/** The `input` of the mutation field `name` (`revertPullRequest(input: ...)`), from the parsed mutation. */
export function mutationInput(operation: Operation, name: string): Record<string, unknown> | undefined {
  const field = operation.selection.find((node): node is FieldNode => node.kind === 'field' && node.name === name);
  const input = field?.args.input;
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : undefined;
}

/** The `input` of `revertPullRequest(input: ...)`, from the parsed mutation. */
export const revertInput = (operation: Operation) => mutationInput(operation, 'revertPullRequest');
