// Where the conformance cases act: a page with the handbook's blocks, rows of a Tasks data source, a
// human beside the agent, and a reader of their state that never goes through the adapter. The
// simulator workspace reaches into the simulator's records; the API workspace uses only Notion's
// public API, so the same cases run against api.notion.com.
import type { Client } from '@notionhq/client';
import type { Json, ResourceRef } from '@backspace/core';
import type { ConformanceEnvironment } from '@backspace/testkit';

export interface NotionWorkspace {
  /** A page shared with the agent holding SEED_PAGE's blocks, fresh for each check in a live sandbox. */
  pageId(): string;
  /** Rows of the Tasks data source as SEED_ROWS (Name, Status, Notes), fresh for each check in a live sandbox. */
  rowIds(): string[];
  /** The ids of the page's top-level blocks, in order. */
  contentBlocks(): Promise<string[]>;
  /** Acts as another user (a second integration in a live sandbox). */
  human: Client;
  /** A resource's state, read without the adapter, comparable as JSON (the simulator's inspect shapes). */
  inspect(resource: ResourceRef): Promise<Json | null>;
}

export type NotionConformanceEnvironment = ConformanceEnvironment & { workspace: NotionWorkspace };

export function workspaceOf(environment: ConformanceEnvironment): NotionWorkspace {
  return (environment as NotionConformanceEnvironment).workspace;
}
