// @backspace/notion/simulator: a stateful Notion API simulator, its seed and tokens, and the demo part.
export { createNotionSimulator, NOTION_AGENT_TOKEN, NOTION_HUMAN_TOKEN, SIMULATED_VERSION, SERVED_VERSIONS, type NotionSimulator, type NotionSimulatorOptions, type RecordedResponse } from './notion-simulator.js';
export { SEED_PAGE, SEED_ROWS, type NotionSeed } from './seed.js';
export type { NotionState, PageRecord, BlockRecord, CommentRecord, DataSourceRecord } from './store.js';
export { inspectPage, inspectBlock, inspectBlockTree, inspectChildren, inspectComment } from './inspect.js';
export { createNotionDemo } from './demo.js';
export { runbookBlocks, wrongBlocks, countTree } from './demo-content.js';
export { conflictResponse, notionRateLimitResponse } from './notion-errors.js';
