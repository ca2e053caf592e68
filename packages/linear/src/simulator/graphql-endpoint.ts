// POST /graphql: parse, validate against the carried schema subset, execute over LinearState, and answer
// with Linear's error shapes and rate-limit headers.
import { readFileSync } from 'node:fs';
import {
  buildSchema, defaultFieldResolver, execute, getNamedType, GraphQLError, isEnumType, isInterfaceType, isListType, isNonNullType, isObjectType,
  Kind, parse, validate, valueFromASTUntyped, type DocumentNode, type GraphQLFieldResolver, type GraphQLInterfaceType, type GraphQLObjectType,
  type GraphQLOutputType, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { RouteHandler, SimulatorResponse } from '@backspace/simulator-kit';
import type { LinearState } from './linear-state.js';
import { errorBody, linearExtensions } from './linear-errors.js';
import { createRootValue, type RequestContext } from './root-value.js';

/** The schema subset in spec/ (see scripts/vendor-spec.mjs); two levels up from src/simulator and dist/simulator. */
export const linearSchema = buildSchema(readFileSync(new URL('../../spec/schema.graphql', import.meta.url), 'utf8'));

export interface RateLimitReader {
  /** Headers describing the caller's budgets after this request: x-ratelimit-requests-*, x-ratelimit-complexity-*. */
  headers(userId: string, complexity: number): Record<string, string>;
  /** Spends complexity; returns the wait in ms when the complexity budget is spent. */
  spendComplexity(userId: string, complexity: number): number | undefined;
}

export function createGraphqlEndpoint(state: LinearState, limits: RateLimitReader): RouteHandler {
  const rootValue = createRootValue(state);
  return (request) => {
    if (!request.user) return { status: 401, body: errorBody('authentication error', 'Authentication required, not authenticated', 401) };
    const userId = request.user.id;
    if (!state.users.has(userId)) state.users.set(userId, { id: userId, name: request.user.name });
    const body = (request.body ?? {}) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
    if (typeof body.query !== 'string') return answer(400, errorBody('graphql error', 'Must provide query string.', 400), limits.headers(userId, 0));

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return answer(400, { errors: [graphqlErrorJson(error as GraphQLError, 'graphql error')] }, limits.headers(userId, 0));
    }
    const invalid = validate(linearSchema, document);
    if (invalid.length > 0) return answer(400, { errors: invalid.map((error) => graphqlErrorJson(error, 'graphql error')) }, limits.headers(userId, 0));

    const complexity = complexityOf(document, body.variables ?? {}, body.operationName);
    if (complexity > LINEAR_MAX_QUERY_COMPLEXITY) {
      const message = `The query is too complex. Complexity: ${complexity}. Maximum allowed complexity: ${LINEAR_MAX_QUERY_COMPLEXITY}.`;
      return answer(400, { errors: [{ message: 'Query too complex', extensions: linearExtensions('invalid input', message, 400) }] }, limits.headers(userId, 0));
    }
    const waitMs = limits.spendComplexity(userId, complexity);
    if (waitMs !== undefined) {
      return answer(400, errorBody('ratelimited', 'Rate limit exceeded: complexity', 429), { ...limits.headers(userId, complexity), 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
    }
    state.purgeExpiredTrash();
    const context: RequestContext = { userId };
    const result = execute({ schema: linearSchema, document, rootValue, contextValue: context, variableValues: body.variables ?? {}, operationName: body.operationName, fieldResolver: fillingResolver }) as Awaited<ReturnType<typeof execute>>;
    const headers = limits.headers(userId, complexity);
    if (result.errors?.length) {
      return answer(400, { data: result.data ?? null, errors: result.errors.map((error) => graphqlErrorJson(error, error.originalError ? 'internal error' : 'graphql error')) }, headers);
    }
    return answer(200, { data: result.data }, headers);
  };
}

function answer(status: number, body: unknown, headers: Record<string, string>): SimulatorResponse {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

function graphqlErrorJson(error: GraphQLError, fallbackType: 'graphql error' | 'internal error') {
  const json = error.toJSON() as { message: string; extensions?: Record<string, unknown> };
  if (json.extensions?.type) return json;
  // Errors the graphql package raises (bad variables, unknown fields) are the caller's; crashes are ours.
  const original = error.originalError;
  const type = original && !(original instanceof GraphQLError) ? fallbackType : 'graphql error';
  return { ...json, extensions: linearExtensions(type, json.message, type === 'internal error' ? 500 : 400) };
}

/** Linear refuses a single query scoring more than this, before running any of it. */
export const LINEAR_MAX_QUERY_COMPLEXITY = 10_000;
/** What a connection counts its nodes as when it is given neither `first` nor `last`: Linear's page size. */
const DEFAULT_PAGE = 50;

/**
 * Linear's score for one operation: a scalar field is 0.1 point, an object 1 point plus what it selects,
 * and a connection multiplies what it selects by its page size (`first` or `last`, 50 by default);
 * rounded up.
 */
export function complexityOf(document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  const fragments = new Map(document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName));
  const root = operation?.operation === 'mutation' ? linearSchema.getMutationType() : linearSchema.getQueryType();
  if (!operation || !root) return 1;
  const value = (node: ValueNode | undefined): unknown => (node ? valueFromASTUntyped(node, variables) : undefined);

  const score = (selections: SelectionSetNode, parent: GraphQLObjectType | GraphQLInterfaceType): number => {
    let points = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? linearSchema.getType(selection.typeCondition.name.value) : parent;
        if (isObjectType(type) || isInterfaceType(type)) points += score(selection.selectionSet, type);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && linearSchema.getType(fragment.typeCondition.name.value);
        if (fragment && (isObjectType(type) || isInterfaceType(type))) points += score(fragment.selectionSet, type);
        continue;
      }
      const field = parent.getFields()[selection.name.value];
      const type = field && getNamedType(field.type);
      if (!selection.selectionSet || !(isObjectType(type) || isInterfaceType(type))) {
        points += 0.1;
        continue;
      }
      const argument = (name: string) => value(selection.arguments?.find((node) => node.name.value === name)?.value);
      const page = Number(argument('first') ?? argument('last') ?? DEFAULT_PAGE);
      const multiplier = type.name.endsWith('Connection') ? page : 1;
      points += 1 + multiplier * score(selection.selectionSet, type);
    }
    return points;
  };
  return Math.max(1, Math.ceil(score(operation.selectionSet, root) - 1e-9));
}

/**
 * Fields the simulator does not model (SLA timestamps, sort orders, sharing) still must not be null
 * where the schema says non-null: they get the type's zero value, as an untouched Linear issue has.
 */
const fillingResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  const value = defaultFieldResolver(source, args, context, info);
  if (value !== undefined && value !== null) return value;
  return isNonNullType(info.returnType) ? zeroValue(info.returnType.ofType) : null;
};

function zeroValue(type: GraphQLOutputType): unknown {
  if (isNonNullType(type)) return zeroValue(type.ofType);
  if (isListType(type)) return [];
  if (isObjectType(type)) return {};
  if (isEnumType(type)) return type.getValues()[0]?.value ?? null;
  switch (getNamedType(type).name) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '1970-01-01T00:00:00.000Z';
    case 'TimelessDate':
      return '1970-01-01';
    case 'JSON':
    case 'JSONObject':
      return {};
    default:
      return '';
  }
}
