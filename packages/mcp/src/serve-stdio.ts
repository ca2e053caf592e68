// The server over stdio: one client, one connection, one Backspace session; stdout carries only the
// protocol, so nothing else may print there.
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createBackspaceMcpServer, type McpServerOptions } from './connection.js';

/** Serves until the client closes stdin (or `stop` is called); resolves once the session has ended. */
export async function serveStdio(options: McpServerOptions, streams: { stdin?: Readable; stdout?: Writable } = {}): Promise<{ stop(): Promise<void>; done: Promise<void> }> {
  const stdin = streams.stdin ?? process.stdin;
  const connection = createBackspaceMcpServer({ transport: 'stdio', ...options });
  const transport = new StdioServerTransport(stdin, streams.stdout ?? process.stdout);
  let finish: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const stop = async () => {
    stdin.off('end', onEnd);
    await connection.server.close().catch(() => undefined);
    await connection.close();
    finish();
  };
  const onEnd = () => void stop();
  stdin.on('end', onEnd);
  await connection.server.connect(transport);
  return { stop, done };
}
