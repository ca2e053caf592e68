// Read-only directory routes: users, workspaces, projects, sections, tags, custom fields.
import type { Json } from '@backspace/core';
import type { Router } from '@backspace/simulator-kit';
import { list, ok, type RouteKit } from './route-kit.js';
import { customFieldJson, selectFields, userCompact } from './serialize.js';
import type { AsanaStore } from './store.js';

export function addDirectoryRoutes(router: Router, store: AsanaStore, kit: RouteKit, base: string): void {
  const compact = (resourceType: string, record: { gid: string; name: string }) => ({ gid: record.gid, resource_type: resourceType, name: record.name });
  const shape = (optFields: string | undefined, record: { [key: string]: Json }) => selectFields(record, optFields, record);

  router.get(`${base}/users/:user_gid`, kit.read((call) => {
    const user = store.resolveUser(call.request.params.user_gid!, call.me, 'user');
    return ok(shape(call.optFields, { ...userCompact(store, user.gid)!, email: user.email, workspaces: store.state.workspaces.map((workspace) => compact('workspace', workspace)) }));
  }));
  router.get(`${base}/workspaces/:workspace_gid`, kit.read((call) => {
    const workspace = store.workspace(call.request.params.workspace_gid!);
    return ok(shape(call.optFields, { ...compact('workspace', workspace), email_domains: ['example.com'], is_organization: false }));
  }));
  router.get(`${base}/projects/:project_gid`, kit.read((call) => {
    const project = store.project(call.request.params.project_gid!);
    return ok(shape(call.optFields, {
      ...compact('project', project),
      archived: false,
      workspace: compact('workspace', store.workspace(project.workspace)),
      custom_field_settings: project.customFields.map((gid) => ({ gid: `${project.gid}-${gid}`, resource_type: 'custom_field_setting', is_important: true, custom_field: customFieldJson(store.customField(gid)!, null) })),
    }));
  }));
  router.get(`${base}/projects/:project_gid/sections`, kit.read((call) => {
    const project = store.project(call.request.params.project_gid!);
    return list(project.sections.map((gid) => compact('section', store.section(gid))), call);
  }));
  router.get(`${base}/sections/:section_gid`, kit.read((call) => {
    const section = store.section(call.request.params.section_gid!);
    return ok(shape(call.optFields, { ...compact('section', section), project: compact('project', store.project(section.project)) }));
  }));
  router.get(`${base}/tags/:tag_gid`, kit.read((call) => {
    const tag = store.tag(call.request.params.tag_gid!);
    return ok(shape(call.optFields, { ...compact('tag', tag), workspace: compact('workspace', store.workspace(tag.workspace)) }));
  }));
}
