// How an action is presented as a tool to agent frameworks (MCP, AI SDK, LangChain): a name every
// model API accepts, a description written for the model, its input as JSON Schema, its undo story.
import { z } from 'zod';
import type { ActionDefinition } from '../contract/action.js';
import type { Reversibility } from '../contract/reversibility.js';
import { BackspaceError } from '../errors.js';

/** What OpenAI, Anthropic and MCP clients all accept as a tool name. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The JSON Schema of an action's input (draft 2020-12, as zod writes it). */
export type JsonSchema = Record<string, unknown>;

export interface ToolPresentation {
  /** `github_issue_create`: the action name with dots as underscores. */
  toolName: string;
  /** For a model: when to use it and what it changes. */
  modelDescription: string;
  /** The undo in a sentence (`Undone by closing it as not planned ...`). */
  inverse: string;
  /** Where the undo stops working after a time: when, in a sentence. */
  reversibleUntil?: string;
  /** Whether calling it changes anything at the provider. */
  writes: boolean;
  /** The input as the model must send it (`z.toJSONSchema`, io: 'input'). */
  inputSchema: JsonSchema;
  /** Input fields (dotted paths, `[]` for array items) that carry no description for the model yet. */
  undescribedFields: string[];
}

/** Provider names as people write them, where plain capitalising gets them wrong. */
const BRANDS: Record<string, string> = { github: 'GitHub' };

export function providerTitle(provider: string): string {
  return BRANDS[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}

export function toolNameOf(action: string): string {
  const name = action.replace(/\./g, '_');
  if (!TOOL_NAME.test(name)) throw new BackspaceError('invalid_config', `action "${action}" gives the tool name "${name}", which is not [a-zA-Z0-9_-]{1,64}`);
  return name;
}

export function presentAction(definition: ActionDefinition, provider: string): ToolPresentation {
  const inverse = inverseSentence(definition);
  const inputSchema = inputJsonSchema(definition);
  return {
    toolName: toolNameOf(definition.name),
    modelDescription: definition.modelDescription ?? modelSentence(definition, provider, inverse),
    inverse,
    ...(definition.reversibleUntil ? { reversibleUntil: definition.reversibleUntil } : {}),
    writes: definition.readOnly !== true,
    inputSchema,
    undescribedFields: undescribed(inputSchema),
  };
}

function inputJsonSchema(definition: ActionDefinition): JsonSchema {
  try {
    return z.toJSONSchema(definition.input, { io: 'input' }) as JsonSchema;
  } catch (error) {
    throw new BackspaceError('invalid_config', `the input of ${definition.name} cannot be written as JSON Schema: ${(error as Error).message}`, { cause: error });
  }
}

const DEFAULT_INVERSE: Record<Reversibility, string> = {
  reversible: 'An exact inverse restores the state before it.',
  compensatable: 'An inverse undoes it, though a trace remains.',
  irreversible: 'Nothing can undo it.',
};

/** The declared inverse, else what the operator's description says after its first `;`. */
function inverseSentence(definition: ActionDefinition): string {
  if (definition.inverse) return sentence(definition.inverse);
  const cut = definition.description.indexOf(';');
  return cut < 0 ? DEFAULT_INVERSE[definition.reversibility] : sentence(definition.description.slice(cut + 1));
}

const CONSEQUENCE: Record<Reversibility, string> = {
  reversible: 'can be undone exactly if this session is rolled back',
  compensatable: 'can be undone if this session is rolled back, though a trace may remain',
  irreversible: 'cannot be undone, so it may wait for a person to approve it',
};

function modelSentence(definition: ActionDefinition, provider: string, inverse: string): string {
  const cut = definition.description.indexOf(';');
  const what = (cut < 0 ? definition.description : definition.description.slice(0, cut)).trim().replace(/\.$/, '');
  const title = providerTitle(provider);
  const use = `Use this to ${lowerFirst(what)} in ${title}.`;
  if (definition.readOnly) return `${use} It only reads; nothing in ${title} changes.`;
  const until = definition.reversibleUntil ? ` Undo deadline: ${lowerFirst(sentence(definition.reversibleUntil))}` : '';
  return `${use} It changes ${title} and ${CONSEQUENCE[definition.reversibility]}: ${lowerFirst(inverse)}${until}`;
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Paths of the object properties, at any depth, that have no `description`. */
function undescribed(schema: JsonSchema, path = ''): string[] {
  const found: string[] = [];
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const here = path ? `${path}.${name}` : name;
    if (typeof property.description !== 'string' || property.description.length === 0) found.push(here);
    found.push(...nested(property, here));
  }
  return [...new Set(found)];
}

/** What sits inside a property: an object's own properties, array items, and the variants of a union. */
function nested(schema: JsonSchema, path: string): string[] {
  const found = schema.properties ? undescribed(schema, path) : [];
  if (schema.items && typeof schema.items === 'object') found.push(...nested(schema.items as JsonSchema, `${path}[]`));
  for (const variant of [...((schema.anyOf as JsonSchema[]) ?? []), ...((schema.oneOf as JsonSchema[]) ?? [])]) found.push(...nested(variant, path));
  return found;
}
