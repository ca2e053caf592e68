// Between node:http and the simulator's plain request and response objects.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorResponse } from './types.js';
import { lowerCaseKeys } from './responses.js';

export async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function flattenHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export class BodyParseError extends Error {}

/** Form fields stay strings, even when they hold JSON: the real services receive them that way. */
export function parseBody(contentType: string | undefined, rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(rawBody));
  if (mediaType === undefined || mediaType.endsWith('json')) {
    try {
      return JSON.parse(rawBody) as unknown;
    } catch (error) {
      // Without a content type the body may be anything; only a declared JSON body must parse.
      if (mediaType === undefined) return rawBody;
      throw new BodyParseError(`request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return rawBody;
}

export function writeResponse(outgoing: ServerResponse, response: SimulatorResponse): void {
  if (outgoing.destroyed || outgoing.writableEnded) return;
  const headers = lowerCaseKeys(response.headers);
  const { body } = response;
  const noBody = body === undefined || response.status === 204 || response.status === 304;
  let payload: string | Uint8Array | undefined;
  if (noBody) payload = undefined;
  else if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    payload = body;
  } else if (body instanceof Uint8Array) {
    headers['content-type'] ??= 'application/octet-stream';
    payload = body;
  } else {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    payload = JSON.stringify(body);
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}
