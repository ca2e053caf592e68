// The inverse operations several actions stage, which none of them owns; every other one is declared
// beside the action that stages it (`inverses`).
import { z } from 'zod';
import type { CompensationOperation } from '@backspace/core';
import type { GithubClient } from './client.js';

export function githubCompensations(): Record<string, CompensationOperation<GithubClient>> {
  return {
    // The inverse of an action that changed nothing (it found the object already as asked, made by
    // someone else): github.branch.create of a branch that existed, github.pull.merge of a merged one.
    'github.nothing': { input: z.object({ values: z.object({}).strict().optional() }).strict(), run: async () => undefined },
  };
}
