// runtime.listActions() as an agent framework reads it: every action of every adapter becomes a tool
// whose name OpenAI, Anthropic and MCP accept, whose input is JSON Schema (zod's own conversion) that
// accepts what the action accepts, with a description for the model and one for the operator.
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

  it('names, per action, the input fields that carry no description for the model yet', () => {
    const tools = listing();
    const issue = tools.find((tool) => tool.name === 'github.issue.create')!;
    expect(issue.undescribedFields).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
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
