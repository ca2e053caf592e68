// Every provider the fuzzer drives.
import { asanaKit } from './asana.js';
import { githubKit } from './github.js';
import { linearKit } from './linear.js';
import { notionKit } from './notion.js';
import { slackKit } from './slack.js';
import { stripeKit } from './stripe.js';
import type { ProviderKit } from './types.js';

export const KITS: ProviderKit[] = [githubKit, slackKit, linearKit, notionKit, asanaKit, stripeKit];

export function kitFor(provider: string): ProviderKit {
  const kit = KITS.find((candidate) => candidate.provider === provider);
  if (!kit) throw new Error(`no incident kit for ${provider}; known: ${KITS.map((candidate) => candidate.provider).join(', ')}`);
  return kit;
}
