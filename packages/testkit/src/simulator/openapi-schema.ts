// Turns OpenAPI 3.0/3.1 schema objects into JSON Schema that ajv understands.

/**
 * Rewrites `nullable: true` (OpenAPI 3.0) as a `null` type, which ajv only accepts beside a `type`,
 * and points local `$ref`s (`#/components/schemas/X`) at `documentId`, where the components live.
 */
export function toJsonSchema(node: unknown, documentId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, documentId));
  if (node === null || typeof node !== 'object') return node;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) converted[key] = documentId + value;
    else converted[key] = toJsonSchema(value, documentId);
  }
  // `allOf: [{ $ref }, { nullable: true }]` (Asana's nullable references): a nullable member makes the whole nullable.
  const members = converted['allOf'];
  if (Array.isArray(members) && members.some(isNullableMarker)) {
    const { allOf: _allOf, ...rest } = converted;
    const kept = members.filter((member) => !isNullableMarker(member));
    return allowNull({ ...rest, allOf: kept });
  }
  if (typeof converted['nullable'] !== 'boolean') return converted;
  const { nullable, ...schema } = converted;
  return nullable ? allowNull(schema) : schema;
}

/** A member that says only `nullable: true` (after conversion: `{ anyOf: [{}, { type: 'null' }] }` or the raw flag). */
function isNullableMarker(member: unknown): boolean {
  if (member === null || typeof member !== 'object') return false;
  const keys = Object.keys(member);
  if (keys.length === 1 && (member as { nullable?: unknown }).nullable === true) return true;
  const anyOf = (member as { anyOf?: unknown[] }).anyOf;
  return keys.length === 1 && Array.isArray(anyOf) && anyOf.length === 2 && JSON.stringify(anyOf[0]) === '{}' && JSON.stringify(anyOf[1]) === '{"type":"null"}';
}

function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  const { type, enum: allowed } = schema;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = Array.isArray(type) ? type : [type];
    const widened = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
    return Array.isArray(allowed) && !allowed.includes(null) ? { ...widened, enum: [...allowed, null] } : widened;
  }
  // `$ref`, `allOf`, `anyOf` and the like: either what they describe, or null.
  return { anyOf: [schema, { type: 'null' }] };
}

/** Follows a local `$ref` (`#/components/responses/not_found`) within `document`. */
export function resolveLocalRef(document: unknown, value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 20 && isRef(current); depth += 1) {
    const pointer = current.$ref.replace(/^#\/?/, '');
    current = pointer
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((parent, part) => (parent as Record<string, unknown> | undefined)?.[part], document);
  }
  return current;
}

function isRef(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}
