// The conformance workspace over Asana's public REST API only, through the official SDK: what the live
// mode uses against a sandbox project on app.asana.com, with the agent's token and a second user's. A
// live project keeps what earlier runs did, so every check works on tasks created for it (named with the
// run's id, their creator taken off their followers so the agent has someone to add), and `prepare`
// looks the people and the project's custom fields up again.
import Asana from 'asana';
import type { Json, ResourceRef } from '@backspace/core';
import { AsanaClient, type AsanaObject } from '../client.js';
import { humanWrites, type AsanaSandbox, type AsanaWorkspace } from './workspace.js';

export interface ApiWorkspaceOptions {
  /** The API root: `https://app.asana.com/api/1.0`, or a stand-in's. */
  basePath: string;
  projectGid: string;
  otherProjectGid: string;
  tags: [string, string];
  agentToken: string;
  /** The second user; the agent's token when none was given (the human-edit checks are then skipped). */
  humanToken: string;
  /** Makes this run's task names its own. */
  runId: string;
}

const PROJECT_FIELDS = ['type', 'enum_options.gid', 'enum_options.enabled'].map((field) => `custom_field_settings.custom_field.${field}`).join(',');
const INSPECTED_TASK_FIELDS = 'name,notes,assignee,completed,due_on,due_at,start_on,custom_fields.type,custom_fields.text_value,custom_fields.number_value,custom_fields.enum_value,projects,memberships.project,memberships.section,tags,followers,parent';

export function apiWorkspace(options: ApiWorkspaceOptions): AsanaWorkspace & { prepare(): Promise<void> } {
  const agent = new AsanaClient({ token: options.agentToken, basePath: options.basePath });
  const human = new AsanaClient({ token: options.humanToken, basePath: options.basePath });
  const projects = new Asana.ProjectsApi(human.api);
  const tasks = new Map<number, string>();
  let sandbox: AsanaSandbox | undefined;
  let created = 0;

  /** A fresh task of the project, made by the human, who then stops following it. */
  const createTask = async (): Promise<string> => {
    const name = `Backspace conformance ${options.runId} #${++created}`;
    const task = await patiently(() => human.call('createTask', true, () => human.tasks.createTask({ data: { name, notes: 'Made for one conformance check.', projects: [options.projectGid] } }, { opt_fields: 'gid' })));
    const creator = await patiently(() => human.myGid());
    await patiently(() => human.call('removeFollowerForTask', true, () => human.tasks.removeFollowerForTask({ data: { followers: [creator] } }, task.gid, { opt_fields: 'gid' })));
    return String(task.gid);
  };

  const gidsOf = (list: string, send: (paging: { limit: number; offset?: string }) => Promise<unknown>) =>
    patiently(() => human.listAll(list, send)).then((items) => items.map((item) => String(item.gid)));

  const inspectTask = async (gid: string): Promise<Json | null> => {
    const task = await patiently(() => human.call('getTask', false, () => human.tasks.getTask(gid, { opt_fields: INSPECTED_TASK_FIELDS })));
    const sections: Record<string, Json> = {};
    for (const { project, section } of (task.memberships ?? []) as AsanaObject[]) {
      if (!project?.gid) continue;
      const listed = section?.gid ? await gidsOf('getTasksForSection', (paging) => human.tasks.getTasksForSection(section.gid, { ...paging, opt_fields: 'gid' })) : undefined;
      sections[project.gid] = listed ? { section: section.gid, index: listed.indexOf(gid) } : null;
    }
    const parent = task.parent?.gid ?? null;
    const siblings = parent ? await gidsOf('getSubtasksForTask', (paging) => human.tasks.getSubtasksForTask(parent, { ...paging, opt_fields: 'gid' })) : undefined;
    const comments = await patiently(() => human.comments(gid));
    const gids = (list: AsanaObject[] | undefined) => (list ?? []).map((item) => String(item.gid)).sort();
    return {
      name: task.name ?? '', notes: task.notes ?? '', assignee: task.assignee?.gid ?? null, completed: Boolean(task.completed),
      due_on: task.due_on ?? null, due_at: task.due_at ?? null, start_on: task.start_on ?? null,
      custom: Object.fromEntries(((task.custom_fields ?? []) as AsanaObject[]).map((custom) => [custom.gid, customValue(custom)])),
      projects: gids(task.projects), sections, tags: gids(task.tags), followers: gids(task.followers),
      parent, indexInParent: siblings ? siblings.indexOf(gid) : null,
      comments: comments.map((comment) => ({ by: comment.created_by?.gid ?? null, text: comment.text ?? '' })),
    };
  };

  const inspectStory = async (gid: string): Promise<Json | null> => {
    const story = await patiently(() => human.call('getStory', false, () => human.stories.getStory(gid, { opt_fields: 'text,target,created_by' })));
    return { text: story.text ?? '', task: story.target?.gid ?? null, by: story.created_by?.gid ?? null };
  };

  return {
    sandbox: () => {
      if (!sandbox) throw new Error('the live workspace was not prepared: call prepare() before the cases');
      return sandbox;
    },
    task: async (slot) => {
      if (!tasks.has(slot)) tasks.set(slot, await createTask());
      return tasks.get(slot)!;
    },
    human: humanWrites(human, patiently),
    inspect: async (resource: ResourceRef) => {
      try {
        if (resource.type === 'task') return await inspectTask(resource.id);
        if (resource.type === 'story') return await inspectStory(resource.id);
        return null;
      } catch (error) {
        // Asana answers 404 for a task in the trash and for a deleted comment.
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async prepare() {
      // One after the other: a replay serves the recorded answers to the same path in the order they came.
      const agentGid = await patiently(() => agent.myGid());
      const humanGid = await patiently(() => human.myGid());
      const project = await patiently(() => human.call('getProject', false, () => projects.getProject(options.projectGid, { opt_fields: PROJECT_FIELDS })));
      const [urgent, blocked] = options.tags;
      sandbox = {
        projectGid: options.projectGid, otherProjectGid: options.otherProjectGid, tags: { urgent, blocked },
        agent: agentGid, newFollower: humanGid, followers: [], customFieldUpdate: customFieldUpdate(project),
      };
      tasks.clear();
    },
  };
}

function customValue(custom: AsanaObject): Json {
  if (custom.type === 'enum') return custom.enum_value?.gid ?? null;
  if (custom.type === 'number') return custom.number_value ?? null;
  return custom.text_value ?? null;
}

/** An enabled option of the project's first enum field and a number for its first number field (paid plans have them). */
function customFieldUpdate(project: AsanaObject): Record<string, string | number> {
  const fields = ((project.custom_field_settings ?? []) as AsanaObject[]).map((setting) => setting.custom_field as AsanaObject);
  const choice = fields.find((field) => field.type === 'enum' && (field.enum_options ?? []).some((option: AsanaObject) => option.enabled));
  const number = fields.find((field) => field.type === 'number');
  return {
    ...(choice ? { [choice.gid]: String(choice.enum_options.find((option: AsanaObject) => option.enabled).gid) } : {}),
    ...(number ? { [number.gid]: 8 } : {}),
  };
}

/** Runs an Asana request, waiting out a 429 (its Retry-After, at most a minute) up to four times. */
async function patiently<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      const { status, retryAfterMs } = error as { status?: number; retryAfterMs?: number };
      if (status !== 429 || attempt > 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfterMs ?? 1000, 60_000)));
    }
  }
}
