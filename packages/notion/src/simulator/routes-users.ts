// /v1/users/{user_id}: a member of the workspace (a person or a bot) as Notion answers "Retrieve a user".
import { requireUuid } from './access.js';
import { notionError } from './notion-errors.js';
import type { RouteTable } from './route-table.js';

/** A workspace member the simulator knows by id: the people and integrations its pages name. */
export interface WorkspaceMember {
  type: 'person' | 'bot';
  name: string;
  /** A person's email, which Notion shows to integrations with the user-information capability. */
  email?: string;
}

export function addUserRoutes(router: RouteTable, members: ReadonlyMap<string, WorkspaceMember>): void {
  router.get('/v1/users/:user_id', (request) => {
    const id = requireUuid(request.params.user_id, 'path.user_id');
    const member = members.get(id);
    if (!member) throw notionError(404, 'object_not_found', `Could not find user with ID: ${id}.`);
    const kind = member.type === 'person' ? { person: member.email ? { email: member.email } : {} } : { bot: {} };
    return { status: 200, body: { object: 'user', id, type: member.type, name: member.name, avatar_url: null, ...kind } };
  });
}
