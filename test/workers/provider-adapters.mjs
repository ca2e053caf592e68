// Each provider's adapter factory from its built dist, for the incident fuzzer's workers.
const factories = {
  github: async () => (await import('../../packages/github/dist/index.js')).createGithubAdapter,
  slack: async () => (await import('../../packages/slack/dist/index.js')).createSlackAdapter,
  linear: async () => (await import('../../packages/linear/dist/index.js')).createLinearAdapter,
  notion: async () => (await import('../../packages/notion/dist/index.js')).createNotionAdapter,
  asana: async () => (await import('../../packages/asana/dist/index.js')).createAsanaAdapter,
  stripe: async () => (await import('../../packages/stripe/dist/index.js')).createStripeAdapter,
};

export async function adapterFactory(provider) {
  const factory = factories[provider];
  if (!factory) throw new Error(`no adapter for provider ${provider}`);
  return factory();
}
