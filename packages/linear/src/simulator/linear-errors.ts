// Errors as Linear sends them: GraphQL `errors` whose `extensions.type` the SDK maps to its error classes.
import { GraphQLError } from 'graphql';

/** The wire strings of `extensions.type` (the SDK's `LinearErrorType` maps from these). */
export type LinearErrorWireType = 'invalid input' | 'forbidden' | 'ratelimited' | 'authentication error' | 'graphql error' | 'internal error';

const CODES: Record<LinearErrorWireType, string> = {
  'invalid input': 'INPUT_ERROR',
  forbidden: 'FORBIDDEN',
  ratelimited: 'RATELIMITED',
  'authentication error': 'AUTHENTICATION_ERROR',
  'graphql error': 'GRAPHQL_VALIDATION_FAILED',
  'internal error': 'INTERNAL_SERVER_ERROR',
};

export function linearExtensions(type: LinearErrorWireType, userPresentableMessage: string, statusCode = 400): Record<string, unknown> {
  return { type, code: CODES[type], statusCode, userError: type !== 'internal error', userPresentableMessage };
}

/** Thrown from a resolver: the operation fails with Linear's error shape. */
export function linearError(type: LinearErrorWireType, message: string, userPresentableMessage = message): GraphQLError {
  return new GraphQLError(message, { extensions: linearExtensions(type, userPresentableMessage) });
}

export function entityNotFound(entity: string): GraphQLError {
  return linearError('invalid input', `Entity not found: ${entity}`, `Could not find referenced ${entity}.`);
}

/** A whole-response error body, for answers given before any execution (auth, rate limit, bad query). */
export function errorBody(type: LinearErrorWireType, message: string, statusCode: number): { errors: unknown[]; data?: null } {
  return { errors: [{ message, extensions: linearExtensions(type, message, statusCode) }] };
}
