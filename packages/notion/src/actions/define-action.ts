// How a Notion action is declared: `defineAction` for the Notion client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { NotionApi } from '../notion-api.js';

export const defineNotionAction = actionsFor<NotionApi>();
