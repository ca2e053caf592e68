// @backspace/notion: the Notion adapter (pages, properties, blocks, page content restore, comments).
export { createNotionAdapter, notionActions, NOTION_TOKEN_VARIABLE, type NotionAdapter, type NotionAdapterSettings } from './notion-adapter.js';
export { NotionApi, createNotionClient, toProviderError, NOTION_VERSION } from './notion-api.js';
export type { BlockNode } from './normalize.js';
export type { ReplaceContentResult } from './actions/page-replace-content.js';
export { connector } from './connector.js';
