// The conformance cases for every Notion action, written against a workspace so the same cases run on
// the simulator, live against a sandbox page and data source, and replayed from a recording of a live run.
import { expect } from 'vitest';
import type { ConformanceCase } from '@backspace/testkit';
import { text } from '../test-support.js';
import { workspaceOf } from './workspace.js';

type Loose = Record<string, any>;

export const notionConformanceCases: ConformanceCase[] = [
  {
    action: 'notion.page.create',
    arrange: async (environment) => ({ parent: { page_id: workspaceOf(environment).pageId() }, properties: { title: { title: text('Agent page') } } }),
    invalidInput: { parent: { page_id: 'not-an-id' }, properties: {} },
    write: { method: 'POST', path: '/v1/pages' },
    residue: (after) => expect(after).toMatchObject({ title: 'Agent page', in_trash: true }),
    async humanEdit(environment, resource) {
      await workspaceOf(environment).human.pages.update({ page_id: resource.id, properties: { title: { title: text('Kept by Dana') } } });
      return (state) => expect(state).toMatchObject({ title: 'Kept by Dana', in_trash: false });
    },
  },
  {
    action: 'notion.page.update',
    arrange: async (environment) => ({ page_id: workspaceOf(environment).rowIds()[0], properties: { Status: { status: { name: 'Done' } }, Notes: { rich_text: text('agent notes') } } }),
    invalidInput: { page_id: 'not-an-id', properties: { Status: { status: { name: 'Done' } } } },
    write: { method: 'PATCH', path: '/v1/pages/{page_id}' },
    async humanEdit(environment, resource) {
      await workspaceOf(environment).human.pages.update({ page_id: resource.id, properties: { Notes: { rich_text: text('Dana notes') } } });
      // Notion names the page's last editor but not what they changed: Dana may have set the Status too,
      // so the agent's Status is kept (a conflict naming her), never put back over a choice of hers.
      return (state) => {
        const properties = (state as Loose).properties;
        expect(properties.Notes.rich_text[0].text.content).toBe('Dana notes');
        expect(properties.Status).toEqual({ status: { name: 'Done' } });
      };
    },
  },
  {
    action: 'notion.page.trash',
    arrange: async (environment) => ({ page_id: workspaceOf(environment).rowIds()[1] }),
    invalidInput: { page_id: '' },
    write: { method: 'PATCH', path: '/v1/pages/{page_id}' },
    async humanEdit(environment, resource) {
      const { human } = workspaceOf(environment);
      await human.pages.update({ page_id: resource.id, in_trash: false });
      await human.pages.update({ page_id: resource.id, properties: { Name: { title: text('Rescued by Dana') } } });
      return (state) => expect(state).toMatchObject({ title: 'Rescued by Dana', in_trash: false });
    },
  },
  {
    action: 'notion.block.append',
    arrange: async (environment) => ({
      block_id: workspaceOf(environment).pageId(),
      children: [{ paragraph: { rich_text: text('Agent line') } }, { to_do: { rich_text: text('Agent task'), children: [{ bulleted_list_item: { rich_text: text('Agent detail') } }] } }],
    }),
    invalidInput: { block_id: 'not-an-id', children: [] },
    write: { method: 'PATCH', path: '/v1/blocks/{block_id}/children' },
    async humanEdit(environment, _resource, result) {
      const first = (result as Loose).results[0].id;
      await workspaceOf(environment).human.blocks.update({ block_id: first, paragraph: { rich_text: text('Dana rewrote this line') } });
      return (state) => {
        const texts = JSON.stringify(state);
        expect(texts).toContain('Dana rewrote this line');
        expect(texts).not.toContain('Agent task');
      };
    },
  },
  {
    action: 'notion.block.update',
    arrange: async (environment) => ({ block_id: (await workspaceOf(environment).contentBlocks())[2], to_do: { rich_text: text('Agent rewrote the task'), checked: false } }),
    invalidInput: { block_id: 'not-an-id', to_do: { checked: false } },
    write: { method: 'PATCH', path: '/v1/blocks/{block_id}' },
    async humanEdit(environment, resource) {
      await workspaceOf(environment).human.blocks.update({ block_id: resource.id, to_do: { rich_text: text('Dana reworded it') } });
      return (state) => expect(state).toMatchObject({ text: 'Dana reworded it', in_trash: false });
    },
  },
  {
    action: 'notion.block.delete',
    arrange: async (environment) => ({ block_id: (await workspaceOf(environment).contentBlocks())[3] }),
    invalidInput: { block_id: 42 },
    write: { method: 'DELETE', path: '/v1/blocks/{block_id}' },
    async humanEdit(environment, resource) {
      const { human } = workspaceOf(environment);
      await human.blocks.update({ block_id: resource.id, in_trash: false });
      await human.blocks.update({ block_id: resource.id, bulleted_list_item: { rich_text: text('Ship small, said Dana') } });
      return (state) => expect(state).toMatchObject({ text: 'Ship small, said Dana', in_trash: false });
    },
  },
  {
    action: 'notion.page.replace_content',
    arrange: async (environment) => ({ page_id: workspaceOf(environment).pageId(), children: [{ heading_2: { rich_text: text('Wrong heading') } }, { paragraph: { rich_text: text('Wrong content') } }] }),
    invalidInput: { page_id: 'not-an-id', children: [{ paragraph: { rich_text: text('x') } }] },
    write: { method: 'PATCH', path: '/v1/blocks/{block_id}/children' },
    async humanEdit(environment, resource) {
      const { human, inspect } = workspaceOf(environment);
      await human.pages.update({ page_id: resource.id, properties: { title: { title: text('Handbook, renamed by Dana') } } });
      return async (state) => {
        expect(await inspect({ provider: 'notion', type: 'page', id: resource.id })).toMatchObject({ title: 'Handbook, renamed by Dana' });
        expect(JSON.stringify(state)).toContain('Read the handbook');
        expect(JSON.stringify(state)).not.toContain('Wrong content');
      };
    },
  },
  {
    action: 'notion.comment.create',
    arrange: async (environment) => ({ parent: { page_id: workspaceOf(environment).pageId() }, rich_text: text('Agent comment') }),
    invalidInput: { parent: { page_id: 'not-an-id' }, rich_text: [] },
    write: { method: 'POST', path: '/v1/comments' },
    residue: (after) => expect(after).toBeNull(),
    async humanEdit(environment, _resource, result) {
      const { human, inspect } = workspaceOf(environment);
      const reply = await human.comments.create({ discussion_id: (result as Loose).discussion_id, rich_text: text('Dana replied') });
      return async (state) => {
        // The agent's comment opens the discussion Dana answered: kept, so her reply still answers it
        // (Notion may take a discussion's replies with the comment that opened it).
        expect(state).toMatchObject({ text: 'Agent comment' });
        expect(await inspect({ provider: 'notion', type: 'comment', id: reply.id })).toMatchObject({ text: 'Dana replied' });
      };
    },
  },
];
