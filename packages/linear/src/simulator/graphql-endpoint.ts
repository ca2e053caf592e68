// POST /graphql: parse, validate against the carried schema subset, execute over LinearState, and answer
// with Linear's error shapes and rate-limit headers.
import { readFileSync } from 'node:fs';
import {
  buildSchema, defaultFieldResolver, execute, getNamedType, GraphQLError, isEnumType, isListType, isNonNullType, isObjectType,
  Kind, parse, validate, visit, type DocumentNode, type GraphQLFieldResolver, type GraphQLOutputType,
} from 'graphql';
import type { RouteHandler, SimulatorResponse } from '@backspace/testkit';
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

    const complexity = complexityOf(document);
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

/** Linear scores a query by what it selects; this approximates it by the fields it names. */
function complexityOf(document: DocumentNode): number {
  let fields = 0;
  visit(document, { [Kind.FIELD]: () => void (fields += 1) });
  return Math.max(1, fields);
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
