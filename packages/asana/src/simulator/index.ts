// @backspace/asana/simulator: a stateful Asana API simulator and this provider's part of the demo.
export { createAsanaSimulator, ASANA_API_PREFIX, type AsanaSimulator, type AsanaSimulatorOptions, type AsanaTokens } from './create-simulator.js';
export type { AsanaSeed } from './seed.js';
export type { AsanaState, TaskRecord, StoryRecord, ProjectRecord, SectionRecord, CustomFieldRecord, UserRecord } from './model.js';
export { asanaErrorBody } from './asana-errors.js';
export { createAsanaDemo } from './demo.js';
