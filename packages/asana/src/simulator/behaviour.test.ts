// The simulator behaves as Asana does where the adapter relies on it: opt_fields, system stories for every
// change, modified_at moving, `external` visible only to its app, deletion to the trash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsanaClient } from '../client.js';
import { createAsanaSimulator, type AsanaSimulator } from './create-simulator.js';

describe('the Asana simulator', () => {
  let simulator: AsanaSimulator;
  let agent: AsanaClient;
  let human: AsanaClient;
  beforeEach(async () => {
    simulator = await createAsanaSimulator({ requestsPerMinute: false });
    agent = new AsanaClient({ token: simulator.tokens.agent, basePath: simulator.basePath });
    human = new AsanaClient({ token: simulator.tokens.human, basePath: simulator.basePath });
  });
  afterEach(() => simulator.close());

  it('answers with just the gid and the fields opt_fields names, nested ones too', async () => {
    const task = await agent.call<Record<string, unknown>>('getTask', false, () => agent.tasks.getTask(simulator.seed.taskGids[0]!, { opt_fields: 'name,assignee.name,memberships.section.name' }));
    expect(task).toEqual({
      gid: simulator.seed.taskGids[0],
      name: 'Launch checklist item 1',
      assignee: { gid: simulator.seed.users.teammate, name: 'Theo Teammate' },
      memberships: [{ section: { gid: simulator.seed.sections.todo, name: 'To do' } }],
    });
  });

  it('takes opt_fields given as an array, as the SDK sends one', async () => {
    const task = await agent.call<Record<string, unknown>>('getTask', false, () => agent.tasks.getTask(simulator.seed.taskGids[0]!, { opt_fields: ['name', 'completed'] }));
    expect(task).toEqual({ gid: simulator.seed.taskGids[0], name: 'Launch checklist item 1', completed: false });
  });

  it('records a system story by whoever made each change, and moves modified_at every time', async () => {
    const gid = simulator.seed.taskGids[0]!;
    const { seed } = simulator;
    const stamps = [simulator.task(gid)!.modifiedAt];
    await agent.call('updateTask', true, () => agent.tasks.updateTask({ data: { completed: true, assignee: seed.users.agent, custom_fields: { [seed.customFields.estimate]: 3 } } }, gid, {}));
    stamps.push(simulator.task(gid)!.modifiedAt);
    await human.call('addTagForTask', true, () => human.tasks.addTagForTask({ data: { tag: seed.tags.urgent } }, gid));
    stamps.push(simulator.task(gid)!.modifiedAt);
    await human.call('createStoryForTask', true, () => human.stories.createStoryForTask({ data: { text: 'why?' } }, gid, {}));
    stamps.push(simulator.task(gid)!.modifiedAt);
    const stories = await agent.call<Array<Record<string, any>>>('getStoriesForTask', false, () => agent.stories.getStoriesForTask(gid, { opt_fields: 'resource_subtype,type,created_by' }));
    expect(stories.map((story) => [story.resource_subtype, story.type, story.created_by.gid])).toEqual([
      ['assigned', 'system', seed.users.agent],
      ['marked_complete', 'system', seed.users.agent],
      ['number_custom_field_changed', 'system', seed.users.agent],
      ['added_to_tag', 'system', seed.users.human],
      ['comment_added', 'comment', seed.users.human],
    ]);
    expect(new Set(stamps).size, 'four different modified_at values').toBe(4);
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('shows external data only to the OAuth app that wrote it', async () => {
    const created = await agent.call<Record<string, any>>('createTask', true, () => agent.tasks.createTask({ data: { name: 'Keyed', workspace: simulator.seed.workspaceGid, external: { gid: 'key-1', data: '{"v":1}' } } }, {}));
    expect(created.external).toEqual({ gid: 'key-1', data: '{"v":1}' });
    const seenByHuman = await human.call<Record<string, any>>('getTask', false, () => human.tasks.getTask(created.gid, {}));
    expect(seenByHuman.external).toBeUndefined();
  });

  it('sends a deleted task and its subtasks to the trash: gone from the API and from its project', async () => {
    const [gid] = simulator.seed.taskGids;
    const child = await agent.call<Record<string, any>>('createSubtaskForTask', true, () => agent.tasks.createSubtaskForTask({ data: { name: 'Child' } }, gid!, {}));
    await agent.call('deleteTask', true, () => agent.tasks.deleteTask(gid!));
    await expect(agent.findTask(gid!)).resolves.toBeNull();
    await expect(agent.findTask(child.gid)).resolves.toBeNull();
    expect(simulator.task(gid!)!.trashedAt).not.toBeNull();
    const listed = await agent.call<Array<{ gid: string }>>('getTasksForProject', false, () => agent.tasks.getTasksForProject(simulator.seed.projectGid, {}));
    expect(listed.map((task) => task.gid)).not.toContain(gid);
  });

  it("takes a deleted task's subtasks out of the projects they were in too: the section still lists, without them", async () => {
    const { seed } = simulator;
    const [gid] = seed.taskGids;
    const child = await human.call<Record<string, any>>('createSubtaskForTask', true, () => human.tasks.createSubtaskForTask({ data: { name: 'Child in Doing' } }, gid!, {}));
    await human.call('addProjectForTask', true, () => human.tasks.addProjectForTask({ data: { project: seed.projectGid, section: seed.sections.doing } }, child.gid));
    await human.call('deleteTask', true, () => human.tasks.deleteTask(gid!));
    const inSection = await agent.listAll('getTasksForSection', (paging) => agent.tasks.getTasksForSection(seed.sections.doing, { ...paging, opt_fields: 'gid' }));
    expect(inSection.map((task) => task.gid)).toEqual([]);
    const inProject = await agent.listAll('getTasksForProject', (paging) => agent.tasks.getTasksForProject(seed.projectGid, paging));
    expect(inProject.map((task) => task.gid)).toEqual(seed.taskGids.slice(1));
  });

  it('paginates lists given a limit, and the client follows next_page to the end', async () => {
    await simulator.close();
    simulator = await createAsanaSimulator({ requestsPerMinute: false, taskCount: 130 });
    agent = new AsanaClient({ token: simulator.tokens.agent, basePath: simulator.basePath });
    const first = (await agent.tasks.getTasksForProject(simulator.seed.projectGid, { limit: 50 })) as { data: unknown[]; next_page: { offset: string; path: string } };
    expect(first.data).toHaveLength(50);
    expect(first.next_page.path).toBe(`/projects/${simulator.seed.projectGid}/tasks?limit=50&offset=${first.next_page.offset}`);
    await expect(agent.call('getTasksForProject', false, () => agent.tasks.getTasksForProject(simulator.seed.projectGid, { limit: 500 }))).rejects.toMatchObject({ status: 400 });

    const requestsBefore = simulator.log.entries().length;
    const all = await agent.listAll('getTasksForProject', (paging) => agent.tasks.getTasksForProject(simulator.seed.projectGid, paging));
    expect(all.map((task) => task.gid)).toEqual(simulator.seed.taskGids);
    expect(simulator.log.entries().length - requestsBefore, 'two pages of 100').toBe(2);
  });
});
