// One MCP client connection: an MCP `Server` whose tools are the runtime's actions, with one Backspace
// session for the connection (started at its first tool call, ended when it closes).
import type { Runtime, Session } from '@backspace/core';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { callAction, type ActionCall } from './call-action.js';
import { DerivedKeys } from './derived-keys.js';
import { rollbackTool, planTool, type Progress } from './session-tools.js';
import { actionTool, PLAN_TOOL, ROLLBACK_TOOL, SESSION_TOOLS } from './tools.js';
import { toolResult } from './results.js';

export interface McpServerOptions {
  runtime: Runtime;
  /** Secret values (adapter tokens) that must never appear in a result. */
  secrets?: () => string[];
  /** The agent id of each connection's session; default `mcp:<client name>`. */
  agentId?: string;
  /** Who approves by default in an approval prompt (the person at the client); they may type another name. */
  approver?: string;
  /** Named in each session's metadata (`stdio`, `http`). */
  transport?: string;
}

export const SERVER_INFO = { name: 'backspace', version: '0.1.0' };

export interface BackspaceMcpConnection {
  /** Connect it to one transport (`await connection.server.connect(transport)`). */
  server: Server;
  /** Ends the connection's Backspace session (done when the transport closes; await it before closing the journal). */
  close(): Promise<void>;
}

/** A fresh MCP server for one connection. */
export function createBackspaceMcpServer(options: McpServerOptions): BackspaceMcpConnection {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions:
      'Every tool call here is journaled by Backspace and can be undone: backspace_plan_rollback shows what undoing your actions so far would do, backspace_rollback does it. Irreversible actions may wait for a person to approve them.',
  });
  const listing = options.runtime.listActions();
  const actions = new Map(listing.map((action) => [action.toolName, action]));
  const tools = [...listing.map(actionTool), ...SESSION_TOOLS];
  const secrets = () => options.secrets?.() ?? [];

  let session: Promise<Session> | undefined;
  const openSession = () =>
    (session ??= (() => {
      const client = server.getClientVersion();
      return options.runtime.startSession({
        agentId: options.agentId ?? `mcp:${client?.name ?? 'client'}`,
        reason: `MCP connection from ${client?.name ?? 'an unnamed client'}${client?.version ? ` ${client.version}` : ''}`,
        metadata: { transport: options.transport ?? 'unknown', client: client?.name ?? null, clientVersion: client?.version ?? null },
      });
    })());
  const awaitingApproval = new Map<string, string>();
  const derivedKeys = new DerivedKeys();

  // MCP lets a client send requests at once: a rollback may come while calls of this connection are under
  // way. Each rollback waits for the writes already sent; a call begun before it and not yet sent (reading
  // its pre-state, waiting for a person) is then not sent at all; a call begun during it waits for its end.
  let rollbacks = 0;
  let rollingBack: Promise<unknown> | undefined;
  const writes = new Set<Promise<unknown>>();
  // A call the client cancelled (notifications/cancelled) before its write is not sent either: the client
  // will never read its result, and may send the call again as a new one.
  const writeGate = (begunAt: number, cancelled: AbortSignal) => <T>(run: () => Promise<T>): Promise<T> => {
    if (cancelled.aborted) return Promise.reject(new Error('not sent: the client cancelled this call before its write; nothing was changed'));
    if (rollbacks !== begunAt) return Promise.reject(new Error('not sent: a rollback of this connection began while this call was on its way (before its write); nothing was changed; call again if it is still wanted'));
    const writing = run();
    const tracked = writing.catch(() => undefined);
    writes.add(tracked);
    void tracked.then(() => writes.delete(tracked));
    return writing;
  };
  const rollBack = async (meta: Record<string, unknown> | undefined, send: (notification: ServerNotification) => Promise<void>) => {
    while (rollingBack) await rollingBack;
    rollbacks += 1;
    const progress = progressTo(meta?.progressToken, send);
    const rolling = (async () => {
      if (writes.size > 0) {
        progress?.tell(`Waiting for ${writes.size} call(s) of this connection still being sent, so the rollback undoes them too.`);
        await Promise.all([...writes]);
      }
      return rollbackTool(session, options.runtime, secrets(), progress);
    })();
    rollingBack = rolling.finally(() => (rollingBack = undefined));
    return rolling;
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args = {}, _meta: meta } = request.params;
    if (name === PLAN_TOOL) return planTool(session, options.runtime, secrets());
    if (name === ROLLBACK_TOOL) return rollBack(meta, extra.sendNotification);
    const action = actions.get(name);
    if (!action) return toolResult('invalid-input', `Unknown tool ${name}: list the tools again.`, { tool: name }, secrets());
    const call: ActionCall = { action, args, meta: meta as Record<string, unknown> | undefined, requestId: extra.requestId };
    while (rollingBack) await rollingBack.catch(() => undefined);
    const write = writeGate(rollbacks, extra.signal);
    return callAction(call, { runtime: options.runtime, session: await openSession(), server, secrets: secrets(), awaitingApproval, derivedKeys, approver: options.approver, write, cancelled: extra.signal });
  });

  let ended: Promise<void> | undefined;
  const close = () => (ended ??= session ? session.then((open) => open.end()).catch(() => undefined) : Promise.resolve());
  server.onclose = () => void close();
  return { server, close };
}

/**
 * Progress notifications for the request whose progress token this is (none without one), counted up
 * as MCP asks, sent in order; one that cannot be sent (the client left) is dropped. `sent` settles once
 * all are out: the client drops progress that comes after the tool's result.
 */
function progressTo(token: unknown, send: (notification: ServerNotification) => Promise<void>): Progress | undefined {
  if (typeof token !== 'string' && typeof token !== 'number') return undefined;
  let progress = 0;
  let sent = Promise.resolve();
  return {
    tell: (message) => {
      const notification: ServerNotification = { method: 'notifications/progress', params: { progressToken: token, progress: (progress += 1), message } };
      sent = sent.then(() => send(notification)).catch(() => undefined);
    },
    sent: () => sent,
  };
}
