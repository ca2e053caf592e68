// How a notes action is declared: `defineAction` for the notes client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { NotesClient } from '../client.js';

export const defineNotesAction = actionsFor<NotesClient>();
