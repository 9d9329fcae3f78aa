import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_PLAN_BYTES } from '../../language/workspace/node/regular-file-system-provider.js';

export interface McpCommandOptions {
    /** generate_rules may write its rules beside the plan it was given; without it no tool writes. */
    readonly allowWrites: boolean;
}

/**
 * The findings reference the server offers (docs/findings.md of this copy of SegPlan): beside the
 * bundle's folder (out/cli), two folders up.
 */
function findingsReference(): string | undefined {
    if (typeof __dirname !== 'string') return undefined;
    try {
        return readFileSync(path.join(__dirname, '..', '..', 'docs', 'findings.md'), 'utf8');
    } catch {
        return undefined;
    }
}

/**
 * `segplan mcp [--allow-writes]`: SegPlan's MCP server on standard input and output, for agents.
 * It runs until its input closes (the client is gone), then exits 0. The MCP SDK is loaded here
 * only, so no other command reads it.
 */
export async function mcpCommand(options: McpCommandOptions, version: string): Promise<number> {
    const sdk = await import('../mcp/mcp-sdk.js');
    const { segplanMcpServer } = await import('../mcp/segplan-mcp-server.js');
    const { BuiltinCatalog } = await import('../mcp/resources.js');
    const log = (text: string) => process.stderr.write(text);
    const catalog = new BuiltinCatalog();
    return new Promise<number>(resolve => {
        /** Standard input closed: the client is gone. */
        class Transport extends sdk.StdioServerTransport {
            override async close(): Promise<void> {
                await super.close();
                resolve(0);
            }
        }
        // A tool call may carry a plan's text: one message may be as large as the largest plan SegPlan reads.
        const transport = new Transport(process.stdin, process.stdout, { maxBufferSize: MAX_PLAN_BYTES + 1024 * 1024 });
        sdk.serveStdio(() => segplanMcpServer({ version, allowWrites: options.allowWrites, log, catalog, findingsReference }), {
            transport,
            onerror: error => log(`segplan mcp: ${error.message}\n`)
        });
    });
}
