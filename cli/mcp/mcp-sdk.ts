// The parts of the MCP SDK (and its schema library) that `segplan mcp` uses. The CLI's bundle does
// not hold them: the build makes this module a bundle of its own (out/cli/mcp-sdk.cjs, see
// esbuild.mjs), loaded when `segplan mcp` starts, so every other command starts without reading it.
export { McpServer, ResourceTemplate, type CallToolResult, type ReadResourceResult, type ToolAnnotations } from '@modelcontextprotocol/server';
export { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
export * as z from 'zod';
