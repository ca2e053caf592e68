// How a GitHub action is declared: `defineAction` for the GitHub client, every other type inferred.
import { actionsFor } from '@backspace/core';
import type { GithubClient } from '../client.js';

export const defineGithubAction = actionsFor<GithubClient>();
