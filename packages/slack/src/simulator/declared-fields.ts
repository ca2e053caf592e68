// Reads the WebClient's response types (its .d.ts files) to list the fields each method's answer may
// carry, so the fidelity test can check the simulator sends nothing the SDK does not declare.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface TypeShape {
  /** Field name to the named interface its value (or its array's items) has, if any. */
  fields: Map<string, string | undefined>;
}

/** A field on one line (`ts?: string;`), or one whose inline object type opens a block (`emoji?: {`). */
const PROPERTY = /^ {4}(['"]?[\w$-]+['"]?)\??: (.+?;|\{)$/;

function responseTypesDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@slack/web-api')), 'types', 'response');
}

/** `chat.scheduledMessages.list` -> `ChatScheduledMessagesListResponse` */
export function responseTypeName(method: string): string {
  return method.split('.').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('') + 'Response';
}

function parseBlock(body: string): TypeShape {
  const fields = new Map<string, string | undefined>();
  for (const line of body.split('\n')) {
    const match = PROPERTY.exec(line);
    if (!match) continue;
    const named = /^(\w+)(\[\])?;$/.exec(match[2]!.trim());
    fields.set(match[1]!.replace(/['"]/g, ''), named && /^[A-Z]/.test(named[1]!) ? named[1] : undefined);
  }
  return { fields };
}

export function declaredShapes(method: string): { root: TypeShape; interfaces: Map<string, TypeShape> } {
  const name = responseTypeName(method);
  const source = readFileSync(join(responseTypesDirectory(), `${name}.d.ts`), 'utf8');
  const root = new RegExp(`export type ${name} = WebAPICallResult & \\{([\\s\\S]*?)\\n\\};`).exec(source);
  if (!root) throw new Error(`cannot read ${name} from @slack/web-api`);
  const interfaces = new Map<string, TypeShape>();
  for (const match of source.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) interfaces.set(match[1]!, parseBlock(match[2]!));
  const shape = parseBlock(root[1]!);
  shape.fields.set('ok', undefined);
  shape.fields.set('response_metadata', shape.fields.get('response_metadata'));
  return { root: shape, interfaces };
}

/**
 * Fields Slack's published description declares that the SDK's types, generated from sample answers,
 * leave out: a pinned message read from a channel carries `pinned_to` (objs_message), which the
 * adapter reads to know a message is pinned before it asks who pinned it.
 */
const DESCRIBED_NOT_TYPED: Record<string, string[]> = {
  'conversations.history': ['messages.pinned_to'],
  'conversations.replies': ['messages.pinned_to'],
};

/** Paths in `body` whose field the SDK's response type does not declare, e.g. `message.color`. */
export function undeclaredFields(method: string, body: unknown): string[] {
  const described = DESCRIBED_NOT_TYPED[method] ?? [];
  return sdkUndeclaredFields(method, body).filter((path) => !described.includes(path));
}

function sdkUndeclaredFields(method: string, body: unknown): string[] {
  const { root, interfaces } = declaredShapes(method);
  const problems: string[] = [];
  const walk = (value: unknown, shape: TypeShape, path: string, depth: number) => {
    if (depth > 3 || value === null || typeof value !== 'object') return;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      for (const [key, child] of Object.entries(item)) {
        if (!shape.fields.has(key)) {
          problems.push(`${path}${key}`);
          continue;
        }
        const nested = shape.fields.get(key);
        const nestedShape = nested ? interfaces.get(nested) : undefined;
        if (nestedShape) walk(child, nestedShape, `${path}${key}.`, depth + 1);
      }
    }
  };
  walk(body, root, '', 0);
  return [...new Set(problems)];
}
