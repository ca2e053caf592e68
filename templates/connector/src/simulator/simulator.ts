// A small items API: POST/GET/PATCH/DELETE /v1/items, bearer tokens (each token a person), idempotency
// keys kept per item, 404s and 429s shaped as the provider shapes them.
import type { Json, ResourceRef } from '@backspace/core/adapter-kit';
import { createRouter, startSimulatorServer, toSimulatorHandle, type SimulatorHandle, type SimulatorRequest, type SimulatorResponse } from '@backspace/simulator-kit';

export const __NAME___AGENT_TOKEN = '__name__-agent-token';
export const __NAME___HUMAN_TOKEN = '__name__-human-token';

interface StoredItem {
  id: string;
  title: string;
  body: string;
  status: 'open' | 'done';
  updated_by: string;
  idempotency_key: string | null;
}

export interface __Name__State {
  items: Map<string, StoredItem>;
}

export type __Name__Simulator = SimulatorHandle<Record<string, never>, __Name__State>;

const notFound = (): SimulatorResponse => ({ status: 404, body: { error: { code: 'not_found', message: 'No such item.' } } });
const shown = ({ idempotency_key: _key, ...item }: StoredItem) => item;

export async function create__Name__Simulator(): Promise<__Name__Simulator> {
  const state: __Name__State = { items: new Map() };
  let nextId = 1;
  const router = createRouter();
  router.notFound(() => ({ status: 404, body: { error: { code: 'not_found', message: 'No such route.' } } }));
  const signedIn = (handler: (request: SimulatorRequest, user: string) => SimulatorResponse) => (request: SimulatorRequest) =>
    request.user ? handler(request, request.user.name) : { status: 401, body: { error: { code: 'unauthorized', message: 'A bearer token is required.' } } };
  const fields = (request: SimulatorRequest) => (typeof request.body === 'object' && request.body !== null ? (request.body as Partial<StoredItem>) : {});

  router.add('POST', '/v1/items', signedIn((request, user) => {
    const key = request.headers['idempotency-key'] ?? null;
    const earlier = key ? [...state.items.values()].find((item) => item.idempotency_key === key) : undefined;
    if (earlier) return { status: 200, body: shown(earlier) };
    const { title, body = '' } = fields(request);
    if (typeof title !== 'string' || title.length === 0) return { status: 400, body: { error: { code: 'invalid_request', message: 'title is required.' } } };
    const item: StoredItem = { id: `it_${nextId++}`, title, body: String(body), status: 'open', updated_by: user, idempotency_key: key };
    state.items.set(item.id, item);
    return { status: 201, body: shown(item) };
  }));
  router.add('GET', '/v1/items', signedIn((request) => ({ status: 200, body: { items: [...state.items.values()].filter((item) => item.idempotency_key === request.query['idempotency_key']).map(shown) } })));
  router.add('GET', '/v1/items/:id', signedIn((request) => {
    const item = state.items.get(request.params['id']!);
    return item ? { status: 200, body: shown(item) } : notFound();
  }));
  router.add('PATCH', '/v1/items/:id', signedIn((request, user) => {
    const item = state.items.get(request.params['id']!);
    if (!item) return notFound();
    const { title, body, status } = fields(request);
    if (status !== undefined && status !== 'open' && status !== 'done') return { status: 400, body: { error: { code: 'invalid_request', message: 'status is open or done.' } } };
    Object.assign(item, { ...(title !== undefined ? { title } : {}), ...(body !== undefined ? { body } : {}), ...(status !== undefined ? { status } : {}), updated_by: user });
    return { status: 200, body: shown(item) };
  }));
  router.add('DELETE', '/v1/items/:id', signedIn((request) => (state.items.delete(request.params['id']!) ? { status: 204 } : notFound())));

  const server = await startSimulatorServer({
    router,
    users: { [__NAME___AGENT_TOKEN]: { id: 'u_agent', name: 'agent' }, [__NAME___HUMAN_TOKEN]: { id: 'u_human', name: 'dana' } },
  });
  const inspectResource = (resource: ResourceRef): Json | null => {
    const item = resource.type === 'item' ? state.items.get(resource.id) : undefined;
    // What a person sees of the item; who edited it last moves with every write, so it is left out.
    return item ? { title: item.title, body: item.body, status: item.status } : null;
  };
  return toSimulatorHandle(server, {}, () => state, { tokens: { agent: __NAME___AGENT_TOKEN, human: __NAME___HUMAN_TOKEN }, inspectResource });
}
