#!/usr/bin/env node
// Regenerates spec/slack-web-api.subset.json from Slack's published Web API description (Swagger 2.0),
// kept outside the project. Run by hand: `node packages/slack/scripts/vendor-spec.mjs path/to/slack_web_openapi_v2.json`.
//
// What it does, and why:
// - keeps only the methods the adapter and the simulator use, and the definitions they reference;
// - strips prose (description, examples, externalDocs);
// - rewrites the result as the OpenAPI 3 shape the testkit's response validator reads
//   (paths -> responses -> content -> schema, `#/components/schemas/...` references);
// - Slack answers success and failure alike with HTTP 200 (the description files failures under
//   `default`), so each method's 200 is "the success schema or the error schema"; 429 is added;
// - the description writes "one of these" as `items: [A, B]`, which JSON Schema reads as a tuple (or
//   ignores on objects): it becomes `anyOf: [A, B]`, so those schemas are checked at all;
// - every method is listed under POST as well as GET: the WebClient POSTs every call;
// - PATCHES below add what Slack has shipped since this 2021 description, each with its reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The upstream file is given on the command line: nothing here points at one machine's paths.
if (!process.argv[2]) {
  console.error('usage: node packages/slack/scripts/vendor-spec.mjs <path to slack_web_openapi_v2.json> (the web-api/slack_web_openapi_v2.json of github.com/slackapi/slack-api-specs)');
  process.exit(2);
}
const source = resolve(process.argv[2]);
const target = join(here, '../spec/slack-web-api.subset.json');

const METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.delete',
  'chat.scheduleMessage',
  'chat.deleteScheduledMessage',
  'chat.scheduledMessages.list',
  'conversations.create',
  'conversations.archive',
  'conversations.join',
  'conversations.kick',
  'conversations.list',
  'conversations.setTopic',
  'conversations.info',
  'conversations.history',
  'conversations.replies',
  'reactions.add',
  'reactions.remove',
  'reactions.get',
  'pins.add',
  'pins.remove',
  'pins.list',
  'users.info',
  'emoji.list',
];

/** Error strings Slack documents today for these methods that the 2021 description's enums lack. */
const ADDED_ERRORS = {
  'chat.postMessage': ['invalid_blocks', 'invalid_blocks_format', 'invalid_attachments', 'invalid_metadata_format', 'metadata_too_large', 'message_not_found', 'thread_not_found'],
  'chat.update': ['invalid_blocks', 'invalid_blocks_format', 'invalid_attachments', 'invalid_metadata_format', 'metadata_too_large'],
  'chat.delete': [],
  'chat.scheduleMessage': ['not_in_channel', 'is_archived', 'invalid_blocks', 'invalid_blocks_format', 'invalid_attachments', 'message_not_found'],
  'chat.scheduledMessages.list': ['channel_not_found'],
  'conversations.setTopic': ['not_in_channel'],
  'reactions.add': ['channel_not_found'],
  'reactions.remove': ['channel_not_found'],
  'pins.add': ['not_in_channel'],
  'pins.remove': ['channel_not_found', 'no_pin', 'message_not_found'],
  'conversations.history': ['invalid_cursor'],
  'conversations.replies': ['invalid_cursor'],
};

const PATCHES = {
  objs_message(schema) {
    // Message metadata (2022), the `edited` mark and the posting app's id are in today's messages.
    schema.properties.metadata = {
      type: 'object',
      properties: { event_type: { type: 'string' }, event_payload: { type: 'object' } },
      required: ['event_type', 'event_payload'],
    };
    schema.properties.edited = { type: 'object', properties: { user: { type: 'string' }, ts: { type: 'string' } }, required: ['user', 'ts'] };
    schema.properties.app_id = { $ref: '#/components/schemas/defs_app_id' };
    // Legacy attachments carry many more fields (text, color, title, ...) than the four listed.
    schema.properties.attachments.items.additionalProperties = true;
  },
  objs_user_profile(schema) {
    // Custom profile fields come only from users.profile.get: users.info's profile has no `fields` (nor
    // does the WebClient's UsersInfoResponse declare one).
    schema.required = schema.required.filter((field) => field !== 'fields');
  },
};

/** Cursor pagination: Slack's documentation of both methods lists `response_metadata.next_cursor`. */
const NEXT_CURSOR = { type: 'object', properties: { next_cursor: { type: 'string' } }, required: ['next_cursor'] };

/** Success schemas the 2021 description gets wrong for today's Slack, each with its reason. */
const METHOD_PATCHES = {
  // The description gives emoji.list only its default templates: Slack's documentation of the method
  // answers `emoji`, each custom emoji's name to its image's url or to `alias:<name>`, and `cache_ts`.
  'emoji.list': (success) => {
    success.properties.emoji = { type: 'object', additionalProperties: { type: 'string' } };
    success.properties.cache_ts = { type: 'string' };
  },
  // Blocks are an array everywhere else in the description (and in Slack's answers), not an object.
  'chat.update': (success) => (success.properties.message.properties.blocks = { $ref: '#/components/schemas/blocks' }),
  // An empty channel has an empty history: `minItems: 1` cannot hold. Pages go on with a cursor.
  'conversations.history': (success) => {
    delete success.properties.messages.minItems;
    success.properties.response_metadata = NEXT_CURSOR;
  },
  // The description lists user-posted thread messages only; Slack returns full message objects (bot
  // messages, reactions, blocks), as conversations.history does. Pages go on with a cursor.
  'conversations.replies': (success) => {
    success.properties.messages.items = { $ref: '#/components/schemas/objs_message' };
    success.properties.response_metadata = NEXT_CURSOR;
  },
};

/** Error schemas the description leaves as a bare template, given Slack's documented shape. */
const FAILURE_PATCHES = {
  // Its default template names no error; a token without `emoji:read` is refused with missing_scope,
  // which, like every missing_scope, names the scope needed and those held.
  'emoji.list': (failure) => {
    failure.additionalProperties = false;
    failure.properties.error = { type: 'string', enum: ['missing_scope', 'not_authed', 'invalid_auth', 'account_inactive', 'no_permission'] };
    failure.properties.needed = { type: 'string' };
    failure.properties.provided = { type: 'string' };
    failure.required = ['ok', 'error'];
  },
};

const document = JSON.parse(readFileSync(source, 'utf8'));
const schemas = {};
const pending = [];

function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'examples' || key === 'example' || key === 'externalDocs') continue;
    if (key === '$ref') {
      const name = value.replace('#/definitions/', '');
      if (!(name in schemas) && !pending.includes(name)) pending.push(name);
      out.$ref = `#/components/schemas/${name}`;
      continue;
    }
    out[key] = convert(value);
  }
  if (Array.isArray(out.items)) {
    if (out.type === 'array') out.items = { anyOf: out.items };
    else {
      out.anyOf = out.items;
      delete out.items;
    }
  }
  return out;
}

const paths = {};
for (const method of METHODS) {
  const entry = document.paths[`/${method}`];
  if (!entry) throw new Error(`${method} is not in the description`);
  const operation = entry.post ?? entry.get;
  const success = convert(operation.responses['200'].schema);
  METHOD_PATCHES[method]?.(success);
  const failure = convert(operation.responses.default.schema);
  FAILURE_PATCHES[method]?.(failure);
  failure.properties.error.enum = [...new Set([...(failure.properties.error.enum ?? []), ...(ADDED_ERRORS[method] ?? []), 'ratelimited'])];
  const json = (schema) => ({ content: { 'application/json': { schema } } });
  const responses = { 200: json({ anyOf: [success, failure] }), 429: json(failure) };
  paths[`/${method}`] = { post: { operationId: operation.operationId, responses }, get: { operationId: operation.operationId, responses } };
}
while (pending.length > 0) {
  const name = pending.shift();
  schemas[name] = convert(document.definitions[name]);
  PATCHES[name]?.(schemas[name]);
}

const subset = {
  openapi: '3.0.3',
  info: {
    title: 'Slack Web API (subset)',
    version: document.info.version,
    'x-source': 'slackapi/slack-api-specs web-api/slack_web_openapi_v2.json, commit bc08db4 (MIT), via ../shared/vendor/slack; regenerated by scripts/vendor-spec.mjs',
  },
  servers: [{ url: 'https://slack.com/api' }],
  paths,
  components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([left], [right]) => left.localeCompare(right))) },
};
writeFileSync(target, `${JSON.stringify(subset, null, 1)}\n`);
console.log(`wrote ${target}: ${METHODS.length} methods, ${Object.keys(schemas).length} schemas`);
