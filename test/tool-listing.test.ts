// runtime.listActions() as an agent framework reads it: every action of every adapter becomes a tool
// whose name OpenAI, Anthropic and MCP accept, whose input is JSON Schema (zod's own conversion) that
// accepts what the action accepts, with a description for the model and one for the operator.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createRuntime, TOOL_NAME, type ActionListing, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from '@backspace/asana';
import { createGithubAdapter } from '@backspace/github';
import { createLinearAdapter } from '@backspace/linear';
import { createNotionAdapter } from '@backspace/notion';
import { createSlackAdapter } from '@backspace/slack';
import { createNotesAdapter, NotesService } from '@backspace/testkit';

const adapters = (): Adapter[] => [
  createGithubAdapter({ token: 'listing-only', baseUrl: 'http://127.0.0.1:9' }),
  createSlackAdapter({ token: 'listing-only', baseUrl: 'http://127.0.0.1:9/' }),
  createLinearAdapter({ token: 'listing-only', baseUrl: 'http://127.0.0.1:9/graphql' }),
  createNotionAdapter({ token: 'listing-only', baseUrl: 'http://127.0.0.1:9' }),
  createAsanaAdapter({ token: 'listing-only', baseUrl: 'http://127.0.0.1:9' }),
] as Adapter[];

// ajv (draft 2020-12, the draft zod writes) is the testkit's dependency, not the root's: load it from there.
type SchemaCompiler = new (options: { strict: boolean; allErrors: boolean }) => { compile(schema: object): (data: unknown) => boolean };
const { Ajv2020 } = createRequire(new URL('../packages/testkit/package.json', import.meta.url))('ajv/dist/2020') as { Ajv2020: SchemaCompiler };

const listing = (): ActionListing[] => createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: adapters() }).listActions();

describe('runtime.listActions()', () => {
  it('gives every action a tool name valid everywhere, unique, and its JSON Schema input', () => {
    const tools = listing();
    expect(tools.length).toBeGreaterThanOrEqual(43);
    const names = tools.map((tool) => tool.toolName);
    expect(new Set(names).size).toBe(names.length);
    for (const tool of tools) {
      expect(tool.toolName, tool.name).toMatch(TOOL_NAME);
      expect(tool.toolName).toBe(tool.name.replace(/\./g, '_'));
      expect(tool.inputSchema, tool.name).toMatchObject({ type: 'object', properties: expect.any(Object) });
      expect(tool.writes).toBe(true);
    }
    expect(names).toContain('github_issue_create');
    expect(names).toContain('notion_page_replace_content');
  });

  it('slack.message.schedule, once unconvertible, gives the input the model sends: a post time as a number or digits', () => {
    const schedule = listing().find((tool) => tool.name === 'slack.message.schedule')!;
    const postAt = (schedule.inputSchema.properties as Record<string, { anyOf?: { type: string }[] }>).post_at!;
    expect(postAt.anyOf?.map((variant) => variant.type).sort()).toEqual(['integer', 'string']);
    expect(schedule.reversibleUntil).toMatch(/before its post time/);
    expect(schedule.modelDescription).toMatch(/Undo deadline: before its post time/);
  });

  it('describes each action to the model (when to use it, what it changes) apart from the operator, with the inverse in a sentence', () => {
    const tools = new Map(listing().map((tool) => [tool.name, tool]));
    const issue = tools.get('github.issue.create')!;
    expect(issue.description).toBe('Open an issue; undone by closing it as not planned (GitHub cannot delete it), unless others built on it');
    expect(issue.modelDescription).toBe('Use this to open an issue in GitHub. It changes GitHub and can be undone if this session is rolled back, though a trace may remain: undone by closing it as not planned (GitHub cannot delete it), unless others built on it.');
    expect(issue.inverse).toBe('Undone by closing it as not planned (GitHub cannot delete it), unless others built on it.');
    expect(issue.reversibility).toBe('compensatable');
    expect(issue).not.toHaveProperty('reversibleUntil');

    const deletion = tools.get('slack.message.delete')!;
    expect(deletion.reversibility).toBe('irreversible');
    expect(deletion.modelDescription).toMatch(/cannot be undone, so it may wait for a person to approve it/);
    expect(tools.get('linear.issue.delete')!.reversibleUntil).toBe('within 30 days, while Linear keeps the issue in its trash');
    for (const tool of tools.values()) {
      expect(tool.modelDescription, tool.name).toMatch(/^Use this to /);
      expect(tool.inverse, tool.name).toMatch(/\.$/);
    }
  });

  it('describes every input field of every action to the model, nested ones too (none undescribed)', () => {
    const undescribed = listing().flatMap((tool) => tool.undescribedFields.map((field) => `${tool.name}: ${field}`));
    expect(undescribed).toEqual([]);
  });

  it('gives every action an input JSON Schema that a draft 2020-12 validator compiles and that accepts a valid call', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const tools = new Map(listing().map((tool) => [tool.name, tool]));
    for (const tool of tools.values()) expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
    const issueCreate = ajv.compile(tools.get('github.issue.create')!.inputSchema);
    expect(issueCreate({ owner: 'acme', repo: 'api', title: 'Login fails' })).toBe(true);
    expect(issueCreate({ owner: 'acme', repo: 'api' })).toBe(false);
  });

  it('names the input fields that carry no description: the testkit notes actions, written without any, list each of theirs', () => {
    const notes = createNotesAdapter({ service: new NotesService(), token: 't' });
    const tools = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [notes] }).listActions();
    expect(tools.find((tool) => tool.name === 'notes.note.create')!.undescribedFields).toEqual(['title', 'body', 'tags']);
    expect(tools.find((tool) => tool.name === 'notes.note.delete')!.undescribedFields).toEqual(['id']);
  });

  it('lists as described only fields whose JSON Schema holds a description', () => {
    const tools = listing();
    for (const tool of tools) {
      const properties = Object.keys(tool.inputSchema.properties as object);
      const described = properties.filter((field) => !tool.undescribedFields.includes(field));
      for (const field of described) expect((tool.inputSchema.properties as Record<string, { description?: string }>)[field]!.description, `${tool.name}.${field}`).toBeTruthy();
    }
  });

  it('refuses two actions that would become one tool name', () => {
    const service = new NotesService();
    const one = createNotesAdapter({ service, token: 't', provider: 'acme' });
    const clash = { ...one, actions: [{ ...one.actions[0]!, name: 'acme.note_x.create' }, { ...one.actions[0]!, name: 'acme.note.x_create' }] };
    expect(() => createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [clash] })).toThrow(/"acme.note_x.create" and "acme.note.x_create" would both be the tool "acme_note_x_create"/);
  });
});
