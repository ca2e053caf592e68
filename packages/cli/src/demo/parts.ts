// The five providers' demo parts, each starting its simulator in this process.
import type { DemoPart } from '@backspace/simulator-kit';

export async function startDemoParts(): Promise<DemoPart[]> {
  const factories = await Promise.all([
    import('@backspace/linear/simulator').then((module) => module.createLinearDemo),
    import('@backspace/slack/simulator').then((module) => module.createSlackDemo),
    import('@backspace/notion/simulator').then((module) => module.createNotionDemo),
    import('@backspace/github/simulator').then((module) => module.createGithubDemo),
    import('@backspace/asana/simulator').then((module) => module.createAsanaDemo),
  ]);
  return Promise.all(factories.map((create) => (create as () => Promise<DemoPart>)()));
}
