// @backspace/mcp: Backspace as an MCP server; every tool call journaled, undoable, approved in the client.
export { createBackspaceMcpServer, SERVER_INFO, type BackspaceMcpConnection, type McpServerOptions } from './connection.js';
export { serveStdio } from './serve-stdio.js';
export { isLoopbackHost, MIN_ACCESS_TOKEN_LENGTH, serveHttp, type HttpOptions, type HttpServer } from './serve-http.js';
export { actionTool, META, PLAN_TOOL, ROLLBACK_TOOL } from './tools.js';
