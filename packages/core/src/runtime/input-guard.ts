// What the runtime checks before an action's own schema sees its input: that it is plain data (no
// cycles, not absurdly deep), that the run options are what they claim, and how much of a rejected
// input the journal keeps (a bounded prefix and a hash, never megabytes).
import { createHash } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { FieldIssue } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import type { RunOptions } from './run-action.js';

/** Deeper input than this is refused before parsing (no provider takes it, and parsers overflow). */
export const MAX_INPUT_DEPTH = 64;
/** How much of a rejected input the journal keeps verbatim; the rest is its size and sha256. */
export const REJECTED_INPUT_PREFIX = 4096;

/** Problems that make input unparseable as data: a cycle, too deep, a value JSON cannot hold. */
export function structuralIssues(input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const path: string[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): void => {
    if (issues.length > 0) return;
    if (typeof node === 'bigint' || typeof node === 'function' || typeof node === 'symbol') {
      issues.push({ path: path.join('.'), message: `a ${typeof node} is not JSON data` });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_INPUT_DEPTH) {
      issues.push({ path: path.join('.'), message: `nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return;
    }
    if (seen.has(node)) {
      issues.push({ path: path.join('.'), message: 'refers back to itself (a cycle): input must be plain data' });
      return;
    }
    seen.add(node);
    for (const [key, child] of Object.entries(node)) {
      path.push(key);
      walk(child, depth + 1);
      path.pop();
    }
    seen.delete(node);
  };
  walk(input, 0);
  return issues;
}

/** A schema's complaints as field issues: the dotted path and the message. */
export function fieldIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** A rejected input as the journal keeps it: whole when small, else a prefix, its size and its hash. */
export function boundedInput(input: Json): Json {
  const text = JSON.stringify(input) ?? 'null';
  if (text.length <= REJECTED_INPUT_PREFIX) return input;
  return { truncated: true, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), prefix: text.slice(0, REJECTED_INPUT_PREFIX) };
}

/** Refuses run options that are not what they claim, naming each; nothing is journaled for them. */
export function validateRunOptions(action: string, options: unknown): RunOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new InvalidInputError(action, [{ path: '(options)', message: 'run options must be an object' }]);
  const { idempotencyKey, reasoning, confidence, valueAtRisk } = options as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 512)) {
    issues.push({ path: 'options.idempotencyKey', message: 'must be a non-empty string of at most 512 characters (the tool call id)' });
  }
  if (reasoning !== undefined && typeof reasoning !== 'string') issues.push({ path: 'options.reasoning', message: 'must be a string' });
  if (confidence !== undefined && (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1))) issues.push({ path: 'options.confidence', message: 'must be a number from 0 to 1' });
  if (valueAtRisk !== undefined && (typeof valueAtRisk !== 'number' || !Number.isFinite(valueAtRisk) || valueAtRisk < 0)) issues.push({ path: 'options.valueAtRisk', message: 'must be a finite number, 0 or more' });
  if (issues.length > 0) throw new InvalidInputError(action, issues);
  return options as RunOptions;
}
