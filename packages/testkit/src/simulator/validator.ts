// Fidelity check: does a simulator's answer fit the provider's published OpenAPI description?
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { findPathTemplate } from './openapi-paths.js';
import { resolveLocalRef, toJsonSchema } from './openapi-schema.js';

export interface ResponseToValidate {
  method: string;
  /** Concrete, e.g. `/repos/o/r/issues/1`; a query string is ignored. */
  path: string;
  status: number;
  body: unknown;
}

export interface ValidationResult {
  ok: boolean;
  /** Readable, each naming the operation and the field: `GET /x (getX) 200: body.title must be string`. */
  errors: string[];
}

export interface ResponseValidator {
  validate(response: ResponseToValidate): ValidationResult;
}

export interface ResponseValidatorOptions {
  /** A prefix the simulator's paths carry but the document's templates do not, e.g. `/v1`. */
  basePath?: string;
}

type OpenApiDocument = { paths?: Record<string, Record<string, unknown>>; components?: unknown };
type Operation = { operationId?: string; responses?: Record<string, unknown> };

const DOCUMENT_ID = 'openapi-document';

/** `document` is an OpenAPI 3.0 or 3.1 object, usually trimmed to the operations a provider uses. */
export function createResponseValidator(document: object, options: ResponseValidatorOptions = {}): ResponseValidator {
  const openApi = document as OpenApiDocument;
  const paths = openApi.paths ?? {};
  // Formats are annotations here: the SDKs, not the simulator, would be the ones to care.
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false, validateSchema: false });
  ajv.addSchema({ $id: DOCUMENT_ID, components: toJsonSchema(openApi.components ?? {}, DOCUMENT_ID) });
  const compiled = new Map<string, ValidateFunction | undefined>();

  return {
    validate({ method, path, status, body }) {
      const relative = options.basePath && path.startsWith(options.basePath) ? path.slice(options.basePath.length) || '/' : path;
      const found = findPathTemplate(Object.keys(paths), relative);
      if (!found) return failure(`${method.toUpperCase()} ${path}: no path in the document matches`);
      const operation = paths[found.template]?.[method.toLowerCase()] as Operation | undefined;
      const name = `${method.toUpperCase()} ${found.template}${operation?.operationId ? ` (${operation.operationId})` : ''}`;
      if (!operation) return failure(`${name}: the document has no such operation`);
      const statusKey = responseKey(operation, status);
      if (!statusKey) return failure(`${name}: status ${status} is not documented`);

      const cacheKey = `${name} ${statusKey}`;
      if (!compiled.has(cacheKey)) compiled.set(cacheKey, compileResponse(ajv, openApi, operation, statusKey));
      const check = compiled.get(cacheKey);
      if (!check || check(body)) return { ok: true, errors: [] };
      return { ok: false, errors: (check.errors ?? []).map((error) => `${name} ${status}: ${describe(error)}`) };
    },
  };
}

function responseKey(operation: Operation, status: number): string | undefined {
  const responses = operation.responses ?? {};
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => key in responses);
}

/** `undefined` when the response documents no JSON body: there is nothing to check. */
function compileResponse(ajv: Ajv, document: object, operation: Operation, statusKey: string): ValidateFunction | undefined {
  const response = resolveLocalRef(document, operation.responses?.[statusKey]) as { content?: Record<string, { schema?: unknown }> } | undefined;
  const content = response?.content ?? {};
  const mediaType = 'application/json' in content ? 'application/json' : Object.keys(content).find((type) => type.includes('json'));
  const schema = mediaType ? content[mediaType]?.schema : undefined;
  if (schema === undefined) return undefined;
  return ajv.compile(toJsonSchema(schema, DOCUMENT_ID) as object);
}

function describe(error: ErrorObject): string {
  const field = `body${error.instancePath.replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~')}`;
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
  return `${field} ${error.message ?? 'is invalid'}${extra}`;
}

function failure(message: string): ValidationResult {
  return { ok: false, errors: [message] };
}
